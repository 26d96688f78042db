/**
 * Deterministic event ids: two server instances judging the same transition
 * compute the same id, so the store's idempotent commit keeps one event and
 * one delivery per channel. The id hashes what identifies the transition —
 * (rule, host, entity), the kind, the state's seq and the transition's own
 * time — so a state that was dropped and created again (seq from 0) still
 * never reuses an id. Pure JS (no node:crypto: the module also runs in the
 * browser); two 53-bit hashes with different seeds make collisions among the
 * store's ≤ 10,000 events negligible.
 */

/** cyrb53 (public domain): a fast, well-mixed 53-bit string hash. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const hex = (n: number) => n.toString(16).padStart(14, '0');

/** `ev_` + 28 hex digits (31 characters, inside the schema's 64). */
export function eventId(parts: { ruleId: string; hostId: string; entity: string; kind: string; seq: number; at: number }): string {
  const text = [parts.ruleId, parts.hostId, parts.entity, parts.kind, String(parts.seq), String(parts.at)].join('\u0000');
  return `ev_${hex(cyrb53(text, 1))}${hex(cyrb53(text, 2))}`;
}
