import { gunzipSync, gzipSync } from 'node:zlib';
import { makeBatch } from '../../support/samples';

/**
 * Malformed ingest bodies, generated from a seed: every one must be refused
 * with a 4xx. Each case says what it breaks so a failure names the body.
 * Mutations pick values that are invalid wherever they land (a negative
 * number is a fine temperature, so negatives are not used blindly).
 */
export interface FuzzCase {
  kind: string;
  body: Buffer | string;
  headers: Record<string, string>;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const JSON_TYPE = { 'content-type': 'application/json' };
type Node = Record<string, unknown> | unknown[];

/** Every path to a value inside a batch, containers included. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = Array.isArray(value) ? Number(k) : k;
      out.push([...prefix, key]);
      paths(v, [...prefix, key], out);
    }
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown) {
  let node = root as Node;
  for (const key of path.slice(0, -1)) node = (node as Record<string, unknown>)[key as string] as Node;
  (node as Record<string, unknown>)[path.at(-1) as string] = value;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string, unknown>)[key as string];
  return node;
}

/** A replacement that the contract refuses for whatever value it replaces. */
function wrongValue(r: Rng, original: unknown): unknown {
  if (Array.isArray(original)) return r.pick(['x', null, 5, { length: 1 }, true]);
  if (original !== null && typeof original === 'object') return r.pick(['x', null, 5, [], false]);
  if (typeof original === 'number') return r.pick(['12', null, true, [], {}, '١٢', '１２', 'NaN', 'Infinity']);
  if (typeof original === 'string') return r.pick([12, null, false, [], {}]);
  return r.pick(['x', 5, null, []]);
}

const ODD = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', '\uffff', '🔥', 'é', 'ﷺ', '\u0301'.repeat(50)];

/** At least `length` code points (the contract counts code points, not UTF-16 units). */
function oddString(r: Rng, length: number): string {
  let s = '';
  while ([...s].length < length) s += r.pick(ODD);
  return s;
}

const PRIMITIVE_JSON = ['null', 'true', '0', '-1', '"batch"', '[]', '{}', '[{}]', '{"v":1}', '{"v":"1"}'];

function inflatesTo(gz: Buffer, text: string): boolean {
  try {
    return gunzipSync(gz).toString('utf8') === text;
  } catch {
    return false;
  }
}

export function fuzzCase(r: Rng, now: number): FuzzCase {
  const batch = makeBatch(now - r.int(3_600_000), 1 + r.int(3), 5_000, r.int(1000));
  const json = (value: unknown, headers: Record<string, string> = JSON_TYPE) => ({ body: JSON.stringify(value), headers });
  switch (r.int(16)) {
    case 0:
    case 1:
    case 2: {
      // One field (leaf or container) of the wrong type.
      const all = paths(batch);
      const target = r.pick(all);
      setAt(batch, target, wrongValue(r, getAt(batch, target)));
      return { kind: `wrong type at ${target.join('.')}`, ...json(batch) };
    }
    case 3: {
      // A numeric leaf set to 1e999 (parses to Infinity) or -1e999.
      const numeric = paths(batch).filter((p) => typeof getAt(batch, p) === 'number');
      const target = r.pick(numeric);
      setAt(batch, target, 424242.125);
      const text = JSON.stringify(batch).replace('424242.125', r.pick(['1e999', '-1e999']));
      return { kind: `infinite at ${target.join('.')}`, body: text, headers: JSON_TYPE };
    }
    case 4: {
      // NaN-ish tokens that JSON does not have.
      const text = JSON.stringify(batch).replace(/"total":\d+(\.\d+)?/, `"total":${r.pick(['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '1_000', '.5', '+1', '01'])}`);
      return { kind: 'NaN-ish token', body: text, headers: JSON_TYPE };
    }
    case 5: {
      // Out of range: percentages over 100, negative counters, samples from the future, zero and fractional timestamps.
      const s = batch.samples[0]!;
      const variant = r.int(6);
      if (variant === 0) s.cpu.total = 100.0001 + r.int(1e6);
      if (variant === 1) s.memory.used = -1 - r.int(1e6);
      if (variant === 2) s.ts = now + 5 * 60_000 + 10_000 + r.int(1e9);
      if (variant === 3) batch.counters.spooled = -1;
      if (variant === 4) s.ts = r.pick([0, -5, 1.5]);
      if (variant === 5) s.filesystems[0]!.usedPct = -0.5;
      return { kind: `out of range #${variant}`, ...json(batch) };
    }
    case 6: {
      // Huge arrays: too many samples (413) or oversized inner lists (400).
      const variant = r.int(3);
      if (variant === 0) return { kind: 'too many samples', ...json({ v: 1, samples: new Array(501 + r.int(2000)).fill(0), counters: { spooled: 0, dropped: 0 } }) };
      if (variant === 1) batch.samples[0]!.cpu.cores = new Array(1025 + r.int(5000)).fill(1);
      if (variant === 2) batch.samples[0]!.processes.top = new Array(101 + r.int(300)).fill(batch.samples[0]!.processes.top[0]);
      return { kind: `huge inner array #${variant}`, ...json(batch) };
    }
    case 7: {
      // Deep nesting, in place of the body or of one field.
      const depth = 1_000 + r.int(200_000);
      const open = r.pick(['[', '{"a":']);
      const close = open === '[' ? ']' : '}';
      const deep = open.repeat(depth) + '1' + close.repeat(depth);
      const where = r.int(2);
      const body = where === 0 ? deep : JSON.stringify(batch).replace('"counters":', `"counters":${deep},"x":`);
      return { kind: `deep nesting ${depth} (${where === 0 ? 'body' : 'counters'})`, body, headers: JSON_TYPE };
    }
    case 8: {
      // Odd unicode where it cannot be valid: over-long labels, digits that are not ASCII, keys that are not ours.
      const variant = r.int(3);
      if (variant === 0) batch.samples[0]!.processes.top[0]!.name = oddString(r, 257 + r.int(500));
      if (variant === 1) (batch.samples[0]!.cpu as unknown as Record<string, unknown>).total = oddString(r, 1 + r.int(8));
      if (variant === 2) return { kind: 'odd unicode keys', ...json({ [oddString(r, 3)]: 1, v: oddString(r, 2), samples: [oddString(r, 4)] }) };
      return { kind: `odd unicode #${variant}`, ...json(batch) };
    }
    case 9: {
      // Bytes that are not UTF-8 / not JSON at all.
      const bytes = Buffer.alloc(1 + r.int(2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(256);
      if (bytes[0] === 0x7b || bytes[0] === 0x5b) bytes[0] = 0xff;
      return { kind: 'random bytes', body: bytes, headers: JSON_TYPE };
    }
    case 10: {
      // Truncated JSON or truncated gzip.
      const text = JSON.stringify(batch);
      if (r.int(2) === 0) return { kind: 'truncated JSON', body: text.slice(0, r.int(text.length - 1)), headers: JSON_TYPE };
      const gz = gzipSync(text);
      return { kind: 'truncated gzip', body: gz.subarray(0, r.int(gz.length - 1)), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } };
    }
    case 11: {
      // Corrupt gzip: a byte flipped after the header (header bytes such as mtime are not checked by design). A flip in the
      // padding bits after the last deflate block changes nothing inflate reads: that body is still the valid batch, so flip again.
      const text = JSON.stringify(batch);
      const clean = gzipSync(text);
      for (;;) {
        const gz = Buffer.from(clean);
        const at = 10 + r.int(gz.length - 10);
        gz[at] = gz[at]! ^ (1 + r.int(255));
        if (!inflatesTo(gz, text)) return { kind: `corrupt gzip at ${at}`, body: gz, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } };
      }
    }
    case 12: {
      // Valid JSON, wrong document.
      return { kind: 'wrong document', body: r.pick(PRIMITIVE_JSON), headers: JSON_TYPE };
    }
    case 13: {
      // Right body, wrong framing: content type or encoding.
      const variant = r.int(4);
      const text = JSON.stringify(batch);
      if (variant === 0) return { kind: 'text/plain', body: text, headers: { 'content-type': 'text/plain' } };
      if (variant === 1) return { kind: 'form', body: `data=${encodeURIComponent(text)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      if (variant === 2) return { kind: 'brotli claimed', body: text, headers: { ...JSON_TYPE, 'content-encoding': 'br' } };
      return { kind: 'no content type', body: text, headers: {} };
    }
    case 14: {
      // Required parts missing or the version wrong.
      const b = batch as unknown as Record<string, unknown>;
      const variant = r.int(5);
      if (variant === 0) delete b.v;
      if (variant === 1) b.v = r.pick([0, 2, '1', 1.5]);
      if (variant === 2) delete b.counters;
      if (variant === 3) b.samples = [];
      if (variant === 4) delete (batch.samples[0] as unknown as Record<string, unknown>)[r.pick(['cpu', 'memory', 'disk', 'network', 'ts'])];
      return { kind: `missing/wrong part #${variant}`, ...json(batch) };
    }
    default: {
      // Bodies over 1 MB: plain, or small gzip that inflates past the cap.
      const pad = ' '.repeat(1_000_001 + r.int(50_000));
      const text = JSON.stringify(batch).replace('{', `{${pad}`);
      if (r.int(2) === 0) return { kind: 'over 1 MB', body: text, headers: JSON_TYPE };
      return { kind: 'over 1 MB inflated', body: gzipSync(text), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } };
    }
  }
}
