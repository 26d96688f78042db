import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exactCheck } from '@/lib/ingest/exact-check';
import { validateBatch } from '@/lib/ingest/validate-batch';
import { batchSchema, MAX_BATCH_SAMPLES } from '@/lib/wire/contract';
import { fuzzCase, rng } from '../../integration/ingest/fuzz-bodies';
import { makeBatch, makeSystem } from '../../support/samples';

/**
 * The fast path may only say yes where zod says yes and returns the same
 * value: then the route can use the parsed body itself. Checked over the
 * ingest fuzz corpus (every body there is refused) and over valid batches
 * with one leaf moved to the edges of the contract's ranges, where both
 * answers must agree exactly.
 */
const check = exactCheck(batchSchema)!;
const NOW = Date.UTC(2026, 0, 31, 14, 5);

type Node = Record<string, unknown> | unknown[];

function leaves(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push(prefix);
    for (const [k, v] of entries) leaves(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  } else {
    out.push(prefix);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Node;
  for (const key of path.slice(0, -1)) node = (node as Record<string, unknown>)[key as string] as Node;
  (node as Record<string, unknown>)[path.at(-1) as string] = value;
}

/** A valid batch with every optional part present. */
function fullBatch(seed: number) {
  const batch = makeBatch(NOW - 1_000, 2, 5_000, seed) as z.infer<typeof batchSchema>;
  batch.system = makeSystem(`host-${seed}`);
  batch.samples[1]!.processes.watched = [{ pattern: 'nginx', count: 2 }];
  return batch;
}

/** Verdicts of both; when the fast path says yes, zod's output must be the input itself, key for key. */
/** fast: the fast path's yes; zod: zod's; unchanged: zod's yes with its output equal to the input (what the fast path must match). */
function compare(input: unknown): { fast: boolean; zod: boolean; unchanged?: boolean } {
  const fast = check(input);
  const parsed = batchSchema.safeParse(input);
  if (fast) {
    expect(parsed.success).toBe(true);
    expect(parsed.data).toStrictEqual(input);
  }
  return { fast, zod: parsed.success, ...(parsed.success && !fast ? { unchanged: isDeepStrictEqual(parsed.data, input) } : {}) };
}

const EDGE_NUMBERS = [
  0, -0, -1e-9, -1, 1, 0.5, 1.5, 99.99, 100, 100.0001, 127, 128, 200, 200.1, -100, -100.1, 2 ** 22, 2 ** 22 + 0.5, 2 ** 31, 3_600_000, 3_600_001,
  1e9, 1e9 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e300, -1e300, Number.MIN_VALUE, Number.MAX_VALUE,
];
// Lengths that straddle the contract's bounds in UTF-16 units and in code points (an astral character is two units, one code point).
// And text zod cleans (bidi controls, invisible characters, controls; lib/wire/text.ts) or keeps (an emoji joined by U+200D).
const EDGE_STRINGS = ['', 'a', '\ud800', '\udfff', '\ud83d\ude00', 'é', '\u202E', 'ev\u202Eil', 'a\u200Bb', '\uFEFF', 'x\ty', '\u0000', '\u2066x\u2069', '👨\u200D👩', 'a\u200D', ...[16, 32, 64, 128, 200, 255, 256, 512].flatMap((n) => ['x'.repeat(n), 'x'.repeat(n + 1), '🔥'.repeat(n), '🔥'.repeat(n / 2) + 'x', 'x' + '🔥'.repeat(n)])];
const WRONG_TYPES = [null, true, '1', [], {}, [1]];

describe('exactCheck', () => {
  it('compiles the wire contract (the ingest fast path is on)', () => {
    expect(typeof exactCheck(batchSchema)).toBe('function');
  });

  it('says yes to valid batches, with and without the optional parts, in any key order', () => {
    for (let seed = 0; seed < 50; seed++) {
      const full = fullBatch(seed);
      expect(compare(JSON.parse(JSON.stringify(full)))).toEqual({ fast: true, zod: true });
      expect(compare(JSON.parse(JSON.stringify(makeBatch(NOW, 1 + (seed % 4), 5_000, seed))))).toEqual({ fast: true, zod: true });
      // Keys reversed at every level: zod's output has its own order; JSON objects have none.
      const reversed = JSON.parse(JSON.stringify(full), (_k, v) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      );
      expect(compare(reversed)).toEqual({ fast: true, zod: true });
    }
  });

  // Many thousand parses on a shared 2-core machine: a generous timeout, not a speed claim.
  it('agrees with zod on every leaf moved to the edges of its range, type and length', { timeout: 120_000 }, () => {
    const base = fullBatch(7);
    let disagreements = 0;
    let cases = 0;
    for (const path of leaves(base)) {
      for (const value of [...EDGE_NUMBERS, ...EDGE_STRINGS, ...WRONG_TYPES]) {
        const input = JSON.parse(JSON.stringify(base));
        setAt(input, path, value);
        const { fast, zod, unchanged } = compare(input);
        cases++;
        // A string zod cleans (a lone surrogate becomes U+FFFD) is zod's to answer: the fast path only says yes to what zod returns as is.
        if (fast !== (zod && unchanged !== false)) disagreements++;
      }
    }
    expect(cases).toBeGreaterThan(10_000);
    expect(disagreements).toBe(0);
  });

  it('agrees with zod on arrays at and past their bounds', () => {
    const base = fullBatch(3);
    const variants: [string, (b: ReturnType<typeof fullBatch>) => void][] = [
      ['no samples', (b) => (b.samples = [])],
      ['most samples', (b) => (b.samples = Array.from({ length: MAX_BATCH_SAMPLES }, () => b.samples[0]!))],
      ['1024 cores', (b) => (b.samples[0]!.cpu.cores = new Array(1024).fill(1))],
      ['1025 cores', (b) => (b.samples[0]!.cpu.cores = new Array(1025).fill(1))],
      ['100 processes', (b) => (b.samples[0]!.processes.top = new Array(100).fill(b.samples[0]!.processes.top[0]))],
      ['101 processes', (b) => (b.samples[0]!.processes.top = new Array(101).fill(b.samples[0]!.processes.top[0]))],
      ['no filesystems', (b) => (b.samples[0]!.filesystems = [])],
      ['64 watched', (b) => (b.samples[0]!.processes.watched = new Array(64).fill({ pattern: 'p', count: 1 }))],
      ['65 watched', (b) => (b.samples[0]!.processes.watched = new Array(65).fill({ pattern: 'p', count: 1 }))],
      ['no watched', (b) => (b.samples[0]!.processes.watched = [])],
    ];
    for (const [name, change] of variants) {
      const input = JSON.parse(JSON.stringify(base));
      change(input);
      const again = JSON.parse(JSON.stringify(input));
      const { fast, zod } = compare(again);
      expect({ name, fast }).toEqual({ name, fast: zod });
    }
  });

  it('leaves text with bidi controls or invisible characters to zod, which cleans it; clean text keeps the fast path', () => {
    const clean = JSON.parse(JSON.stringify(fullBatch(2)));
    expect(validateBatch(clean, NOW)).toBe(clean);
    const fields: [string, (b: ReturnType<typeof fullBatch>, text: string) => void][] = [
      ['process name', (b, t) => (b.samples[0]!.processes.top[0]!.name = t)],
      ['command', (b, t) => (b.samples[1]!.processes.top[1]!.command = t)],
      ['mount', (b, t) => (b.samples[0]!.filesystems[0]!.mount = t)],
      ['interface', (b, t) => (b.samples[1]!.network.interfaces[0]!.name = t)],
      ['sensor', (b, t) => (b.samples[0]!.temperatures[0]!.label = t)],
      ['hostname', (b, t) => (b.system!.hostname = t)],
    ];
    for (const [name, set] of fields) {
      const spoofed = JSON.parse(JSON.stringify(fullBatch(2)));
      set(spoofed, 'ev\u202Eil\u200B');
      expect({ name, fast: check(spoofed) }).toEqual({ name, fast: false });
      const expected = JSON.parse(JSON.stringify(fullBatch(2)));
      set(expected, 'evil');
      expect(validateBatch(spoofed, NOW), name).toStrictEqual(expected);
    }
  });

  it('leaves to zod what zod would change: unknown keys (stripped), undefined values, objects that are not plain', () => {
    type Loose = Record<string, unknown>;
    const sample = (b: Loose) => (b.samples as Loose[])[0]!;
    const cases: [string, (b: Loose) => void][] = [
      ['unknown top-level key', (b) => (b.extra = 1)],
      ['unknown nested key', (b) => ((sample(b).cpu as Loose).extra = 1)],
      ['__proto__ key', (b) => Object.defineProperty(sample(b).memory, '__proto__', { value: { x: 1 }, enumerable: true })],
      ['optional key holding undefined', (b) => (b.system = undefined)],
      ['required key holding undefined', (b) => ((sample(b).memory as Loose).used = undefined)],
      ['class instance', (b) => (b.counters = Object.assign(new (class Counters {})(), b.counters))],
    ];
    for (const [name, change] of cases) {
      const input = JSON.parse(JSON.stringify(fullBatch(1)));
      change(input);
      expect({ name, fast: check(input) }).toEqual({ name, fast: false });
      compare(input);
    }
  });

  it('says yes to nothing in the ingest fuzz corpus', { timeout: 120_000 }, () => {
    const r = rng(20260131);
    let parsedBodies = 0;
    for (let i = 0; i < 2_000; i++) {
      const c = fuzzCase(r, NOW);
      let text: string;
      try {
        const raw = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
        text = (c.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      } catch {
        continue;
      }
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        continue;
      }
      parsedBodies++;
      const { fast, zod } = compare(input);
      // Refused for its framing (content type, encoding) or its clock, not its shape: zod may accept those, and then so may the fast path.
      if (!zod) expect({ kind: c.kind, fast }).toEqual({ kind: c.kind, fast: false });
    }
    expect(parsedBodies).toBeGreaterThan(700);
  });

  it('compiles to null for constructs it does not know, so zod alone decides', () => {
    expect(exactCheck(z.object({ a: z.string().email() }))).toBeNull();
    expect(exactCheck(z.object({ a: z.number().multipleOf(2) }))).toBeNull();
    expect(exactCheck(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(exactCheck(z.object({ a: z.string().optional().default('x') }))).toBeNull();
    expect(exactCheck(z.object({ a: z.string().transform((s) => s.length) }))).toBeNull();
    expect(exactCheck(z.object({ a: z.coerce.number() }))).toBeNull();
    expect(exactCheck(z.object({ a: z.number() }).passthrough())).toBeNull();
    expect(exactCheck(z.object({ a: z.number() }).refine(() => true))).toBeNull();
    expect(exactCheck(z.object({ a: z.union([z.number(), z.string()]) }))).toBeNull();
    expect(exactCheck(z.object({ a: z.number().nullable() }))).toBeNull();
    expect(exactCheck(z.object({ toString: z.number() }))).toBeNull();
    expect(exactCheck(z.object({ a: z.int32() }))).toBeNull();
    // An overwrite other than the wire's text cleaning (trim, or any function): it cannot tell when the value stays the same.
    expect(exactCheck(z.object({ a: z.string().trim() }))).toBeNull();
    expect(exactCheck(z.object({ a: z.string().overwrite((t) => t.toUpperCase()) }))).toBeNull();
  });
});
