import type { SeriesValue } from './align';
import { dequantize, dequantizeMean } from './quantize';
import { tierCovers, tiers, type Retention, type Tier, type TierName } from './tiers';

/**
 * Rollup math, shared by every backend. A bucket keeps, per series, the sum,
 * count, min and max of stored (quantized, integer) values: updates are
 * incremental and exact, a late sample simply adds to its bucket, and the
 * average is sum / count. Pure.
 */

export interface Agg {
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** Aggregates of one bucket by the host's column index of each series. */
export type BucketAggs = Map<number, Agg>;

export function addValue(agg: Agg | undefined, value: number): Agg {
  if (!agg) return { sum: value, count: 1, min: value, max: value };
  return { sum: agg.sum + value, count: agg.count + 1, min: Math.min(agg.min, value), max: Math.max(agg.max, value) };
}

/**
 * Adds one sample's values (column index -> stored value) to a bucket, in
 * place: its aggregates are updated where they are rather than replaced, as
 * ingest does this for every column of every sample in three tiers.
 */
export function addSample(bucket: BucketAggs, columns: readonly number[], values: readonly number[]): BucketAggs {
  for (let i = 0; i < columns.length; i++) {
    const value = values[i]!;
    const agg = bucket.get(columns[i]!);
    if (!agg) {
      bucket.set(columns[i]!, { sum: value, count: 1, min: value, max: value });
      continue;
    }
    agg.sum += value;
    agg.count++;
    if (value < agg.min) agg.min = value;
    if (value > agg.max) agg.max = value;
  }
  return bucket;
}

/**
 * Text form of a bucket: `col,sum,count,min,max` entries joined by `;`, in
 * column order. The Redis ingest script reads and writes the same form. Every
 * stored value is at most 2^53 (the wire contract's physical ranges), so sums
 * stay finite; past 2^53 they are written in exponent form, which both sides
 * parse, never as an overflowed integer.
 *
 * Ingest formats three buckets per batch, and joining strings made one
 * temporary string per number and separator (about 20 KB of garbage a
 * bucket): the text is written as bytes into a scratch buffer instead and
 * decoded once, the same characters as JavaScript's own number formatting.
 */
export function formatBucket(bucket: BucketAggs): string {
  // Columns are mostly added in order (parsed from sorted text, new ones get the next index): sort only when they were not.
  let prev = -1;
  let sorted = true;
  for (const col of bucket.keys()) {
    if (col < prev) {
      sorted = false;
      break;
    }
    prev = col;
  }
  const cols = sorted ? bucket.keys() : [...bucket.keys()].sort((a, b) => a - b);
  let at = 0;
  for (const col of cols) {
    const a = bucket.get(col)!;
    // An entry is at most a column and four numbers of 25 characters each, with their separators.
    if (scratch.length - at < 160) scratch = grown(scratch);
    if (at > 0) scratch[at++] = SEMICOLON;
    at = putNumber(col, at);
    scratch[at++] = COMMA;
    at = putNumber(a.sum, at);
    scratch[at++] = COMMA;
    at = putNumber(a.count, at);
    scratch[at++] = COMMA;
    at = putNumber(a.min, at);
    scratch[at++] = COMMA;
    at = putNumber(a.max, at);
  }
  return ascii.decode(scratch.subarray(0, at));
}

const COMMA = 44;
const SEMICOLON = 59;
const ZERO = 48;
/** Only ASCII is written, which every single-byte decoding reads alike. */
const ascii = new TextDecoder('latin1');
let scratch: Uint8Array = new Uint8Array(8_192);

function grown(buf: Uint8Array): Uint8Array {
  const next = new Uint8Array(buf.length * 2);
  next.set(buf);
  return next;
}

/** `n` as `String(n)` writes it, at `at`; returns the end. */
function putNumber(n: number, at: number): number {
  if (Number.isSafeInteger(n) && n >= 0) {
    let digits = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
    for (let i = at + digits - 1, v = n; i >= at; i--) {
      const q = Math.floor(v / 10);
      scratch[i] = ZERO + (v - q * 10);
      v = q;
    }
    return at + digits;
  }
  // Past 2^53 (a sum of many large values), or anything unexpected: JavaScript's own form, exponent included.
  const text = String(n);
  for (let i = 0; i < text.length; i++) scratch[at + i] = text.charCodeAt(i);
  return at + text.length;
}

const finiteNonNegative = (v: number) => Number.isFinite(v) && v >= 0;

function validEntry(col: number, a: Agg): boolean {
  return (
    Number.isInteger(col) && col >= 0 && Number.isInteger(a.count) && a.count > 0 &&
    finiteNonNegative(a.sum) && finiteNonNegative(a.min) && finiteNonNegative(a.max) && a.min <= a.max
  );
}

/**
 * A bucket from its text form. An entry that cannot be read (written by an
 * older release, or damaged) is skipped and reported through `onCorrupt`:
 * one bad entry must never make a page or a later ingest fail.
 *
 * Read character by character: splitting made about 250 strings and arrays a
 * bucket, which the Redis ingest pays three times a POST (hot-buckets.ts).
 * Anything but plain digits (an exponent, a sign, a point, more than 15
 * digits) is read by Number, as before.
 */
export function parseBucket(text: string | null | undefined, onCorrupt?: (entry: string) => void): BucketAggs {
  const bucket: BucketAggs = new Map();
  if (!text) return bucket;
  const length = text.length;
  for (let start = 0; start <= length; ) {
    let end = text.indexOf(';', start);
    if (end < 0) end = length;
    if (!readDigits(text, start, end)) readByNumber(text.slice(start, end));
    const col = fields[0]!;
    const agg = { sum: fields[1]!, count: fields[2]!, min: fields[3]!, max: fields[4]! };
    if (fieldCount === 5 && validEntry(col, agg)) bucket.set(col, agg);
    else onCorrupt?.(text.slice(start, end));
    start = end + 1;
  }
  return bucket;
}

/** The fields of the entry being read, and how many it had. */
const fields = new Float64Array(5);
let fieldCount = 0;
const NINE = 57;
const MAX_EXACT_DIGITS = 15;

/** Reads `text[start, end)` as comma-separated plain integers into `fields`; false when some field is not one. */
function readDigits(text: string, start: number, end: number): boolean {
  let count = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : COMMA;
    if (c === COMMA) {
      if (digits === 0 || count === 5) return false;
      fields[count++] = value;
      value = 0;
      digits = 0;
    } else if (c >= ZERO && c <= NINE && digits < MAX_EXACT_DIGITS) {
      value = value * 10 + (c - ZERO);
      digits++;
    } else {
      return false;
    }
  }
  fieldCount = count;
  return true;
}

function readByNumber(entry: string): void {
  const parts = entry.split(',');
  fieldCount = parts.length;
  for (let i = 0; i < 5; i++) fields[i] = i < parts.length ? Number(parts[i]) : NaN;
}

/** The avg, min and max of a series' bucket in the series' own unit. */
export function aggValue(name: string, agg: Agg): SeriesValue {
  return { avg: dequantizeMean(name, agg.sum, agg.count), min: dequantize(name, agg.min), max: dequantize(name, agg.max) };
}

export interface SampleTargets {
  /** Whether the raw tier still keeps the sample. */
  raw: boolean;
  /** Rollup tiers that still cover the sample, with the bucket it falls in. */
  rollups: { tier: Tier; bucket: number }[];
}

/** The tiers of each retention, made once: ingest asks for every sample. Read only. */
const tiersOf = new WeakMap<Retention, { raw: Tier; rollupTiers: Tier[] }>();

/** Where a sample stamped `ts` goes when it arrives at `now`: late samples only reach tiers that still keep their time. */
export function sampleTargets(ts: number, now: number, retention: Retention): SampleTargets {
  let split = tiersOf.get(retention);
  if (!split) {
    const [first, ...rest] = tiers(retention);
    tiersOf.set(retention, (split = { raw: first!, rollupTiers: rest }));
  }
  const { raw, rollupTiers } = split;
  return {
    raw: tierCovers(raw, ts, now),
    rollups: rollupTiers.filter((t) => tierCovers(t, ts, now)).map((tier) => ({ tier, bucket: ts - (ts % tier.bucketMs) })),
  };
}

/** Earliest row start a reader may return: older rows may linger until trimmed or expired, but are never shown. */
export function retentionFloor(tier: Tier, now: number): number {
  return now - tier.retentionMs - tier.bucketMs + 1;
}

/** The tier and the part of [from, to] a reader may return (older rows are never shown), or null when none is left. */
export function readableWindow(name: TierName, retention: Retention, from: number, to: number, now: number): { tier: Tier; from: number } | null {
  const tier = tierByName(name, retention);
  const lo = Math.max(from, retentionFloor(tier, now));
  return lo > to ? null : { tier, from: lo };
}

export function tierByName(name: TierName, retention: Retention): Tier {
  const tier = tiers(retention).find((t) => t.name === name);
  if (!tier) throw new Error(`unknown tier ${name}`);
  return tier;
}

/** The longest a sample's existence must be remembered to reject a duplicate: the longest retention of any tier. */
export function longestRetention(retention: Retention): number {
  return Math.max(...tiers(retention).map((t) => t.retentionMs));
}
