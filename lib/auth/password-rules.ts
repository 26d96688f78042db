/** Password rules the browser may know too (forms show them); hashing stays in password.ts. */
export const MIN_PASSWORD_LENGTH = 10;

/** Said beside every password field, before anyone fails it (the server also refuses the common and the guessable: password-strength.ts). */
export const PASSWORD_HINT = `at least ${MIN_PASSWORD_LENGTH} characters, not a common or guessable one`;
