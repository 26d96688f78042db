/**
 * A compact, printable encoding of non-negative integers for raw samples.
 *
 * Each integer is written little-endian in base 46: every digit but the last
 * comes from one 46-character alphabet, the last from another, so numbers
 * need no separators and a record can be scanned without its schema. Only
 * printable ASCII without `"` and `\` is used: the text travels unchanged
 * through JSON (Upstash REST), Lua strings and SQLite TEXT, and never
 * contains the record separator "\n". A percentage at 0.01 takes 3 characters,
 * a byte count of a few GB 6.
 */

const BASE = 46;
const CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '"' && c !== '\\');
const MORE = CHARS.slice(0, BASE);
const LAST = CHARS.slice(BASE, 2 * BASE);
const DIGIT = new Map<string, { value: number; last: boolean }>([
  ...MORE.map((c, i) => [c, { value: i, last: false }] as const),
  ...LAST.map((c, i) => [c, { value: i, last: true }] as const),
]);

export const RECORD_SEPARATOR = '\n';

export function encodeUint(n: number): string {
  if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`cannot encode ${n}: only finite non-negative numbers`);
  let v = Math.round(n);
  let out = '';
  while (v >= BASE) {
    out += MORE[v % BASE];
    v = Math.floor(v / BASE);
  }
  return out + LAST[v];
}

/**
 * Many integers as one string: written as character codes into a scratch
 * buffer and decoded once, rather than a temporary string per digit (ingest
 * encodes every sample's values).
 */
export function encodeUints(values: readonly number[]): string {
  let at = 0;
  for (const n of values) {
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`cannot encode ${n}: only finite non-negative numbers`);
    // A finite double has at most 186 digits in base 46.
    if (codes.length - at < 200) {
      const next = new Uint8Array(codes.length * 2);
      next.set(codes);
      codes = next;
    }
    let v = Math.round(n);
    while (v >= BASE) {
      codes[at++] = MORE_CODES[v % BASE]!;
      v = Math.floor(v / BASE);
    }
    codes[at++] = LAST_CODES[v]!;
  }
  return ascii.decode(codes.subarray(0, at));
}

const MORE_CODES = Uint8Array.from(MORE, (c) => c.charCodeAt(0));
const LAST_CODES = Uint8Array.from(LAST, (c) => c.charCodeAt(0));
/** The alphabet is printable ASCII, which every single-byte decoding reads alike. */
const ascii = new TextDecoder('latin1');
let codes: Uint8Array = new Uint8Array(4_096);

/** Every integer in `text`, in order. Throws on a character outside the alphabet or a cut-off number. */
export function decodeUints(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let weight = 1;
  for (const ch of text) {
    const d = DIGIT.get(ch);
    if (!d) throw new Error(`corrupt record: unexpected character ${JSON.stringify(ch)}`);
    value += d.value * weight;
    if (d.last) {
      out.push(value);
      value = 0;
      weight = 1;
    } else {
      weight *= BASE;
    }
  }
  if (weight !== 1) throw new Error('corrupt record: a number is cut off');
  return out;
}

/** The alphabets, for the Lua scripts that must encode small integers the same way. */
export const CODEC_ALPHABETS = { base: BASE, more: MORE.join(''), last: LAST.join('') };

/** The first integer of `text` and what follows it. */
export function decodeFirst(text: string): { value: number; rest: string } {
  let value = 0;
  let weight = 1;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT.get(text[i]);
    if (!d) throw new Error(`corrupt record: unexpected character ${JSON.stringify(text[i])}`);
    value += d.value * weight;
    if (d.last) return { value, rest: text.slice(i + 1) };
    weight *= BASE;
  }
  throw new Error('corrupt record: a number is cut off');
}
