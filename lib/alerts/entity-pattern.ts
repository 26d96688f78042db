/**
 * An entity name pattern of a metric condition (`entityPattern`): `*` any
 * run of characters, `?` exactly one, everything else itself, matched
 * against the whole name (`web-*` matches `web-1`, not `old-web-1`). Matched
 * by hand, not through a RegExp, so a pattern of many stars costs at most
 * pattern × name steps instead of backtracking. Pure.
 */
export const MAX_ENTITY_PATTERN = 128;

export function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  // Where the last star was, and the name position it is currently taken to cover up to.
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The entity filter of a condition: one exact entity, a pattern, or every entity. */
export function entityFilter(c: { entity?: string; entityPattern?: string }): ((entity: string) => boolean) | undefined {
  if (c.entity !== undefined) {
    const only = c.entity;
    return (e) => e === only;
  }
  if (c.entityPattern !== undefined) {
    const pattern = c.entityPattern;
    return (e) => globMatches(pattern, e);
  }
  return undefined;
}
