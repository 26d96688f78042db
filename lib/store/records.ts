/** Small record rules shared by the backends. Pure. */

/** Emails match whatever their case. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/** A patch without its undefined fields, so `{name: undefined}` leaves the name alone. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
