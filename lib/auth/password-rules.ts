/** Password rules the browser may know too (forms show them); hashing stays in password.ts. */
export const MIN_PASSWORD_LENGTH = 10;
