/** Small record rules shared by the backends. Pure. */

/** Emails match whatever their case. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * Host names are unique whatever their case: two names clash when their keys
 * are equal. NFKC first, so look-alike compatibility forms ("ｗｅｂ-1", "ﬁle")
 * fold with the plain ones, then Unicode lower case. Every backend compares
 * this key, computed here and nowhere else (Lua's string.lower is ASCII-only).
 */
export const hostNameKey = (name: string) => name.normalize('NFKC').trim().toLowerCase();

/** A patch without its undefined fields, so `{name: undefined}` leaves the name alone. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
