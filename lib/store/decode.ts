import { aggValue, parseBucket } from '@/lib/metrics/rollup';
import { dequantize } from '@/lib/metrics/quantize';
import { CODEC_ALPHABETS } from './codec';
import type { ProcessSnapshot, SeriesValue } from './types';

/**
 * Reading stored history back, shared by the backends (they store the same
 * text forms). A record or bucket entry that cannot be read is skipped and
 * counted, never thrown: one damaged row must not take a page down for every
 * viewer of the host.
 */

let corruptSkipped = 0;
let lastWarnedAt = 0;

/** Counts a stored row that could not be read; warns at most once a minute so a damaged host cannot flood the log. */
export function noteCorrupt(what: string, detail: string): void {
  corruptSkipped++;
  const now = Date.now();
  if (now - lastWarnedAt < 60_000) return;
  lastWarnedAt = now;
  console.warn(`hostwatch: skipped an unreadable ${what} (${JSON.stringify(detail.slice(0, 80))}); ${corruptSkipped} skipped since start`);
}

/** Unreadable stored rows skipped since this process started (the health endpoint reports it). */
export const corruptRowsSkipped = () => corruptSkipped;

/** The snapshot closest to `at`; on a tie the earlier one. */
export function nearestSnapshot(candidates: ProcessSnapshot[], at: number): ProcessSnapshot | null {
  let best: ProcessSnapshot | null = null;
  for (const c of candidates) {
    const d = Math.abs(c.ts - at);
    if (!best || d < Math.abs(best.ts - at) || (d === Math.abs(best.ts - at) && c.ts < best.ts)) best = c;
  }
  return best;
}

/** Schema id → series names, from each schema's column indexes and the host's column names. */
export function schemaNames(schemas: Iterable<[number, readonly number[]]>, names: Map<number, string>): Map<number, (string | undefined)[]> {
  const out = new Map<number, (string | undefined)[]>();
  for (const [id, cols] of schemas) out.set(id, cols.map((c) => names.get(c)));
  return out;
}

type Values = Record<string, SeriesValue>;

const BASE = CODEC_ALPHABETS.base;
// Character code → digit (0..BASE-1 continues a number, BASE..2*BASE-1 ends one), -1 outside the alphabets.
const DIGITS = new Int16Array(128).fill(-1);
[...CODEC_ALPHABETS.more].forEach((c, i) => (DIGITS[c.charCodeAt(0)] = i));
[...CODEC_ALPHABETS.last].forEach((c, i) => (DIGITS[c.charCodeAt(0)] = BASE + i));
const digitOf = (code: number) => (code < 128 ? DIGITS[code]! : -1);

/**
 * A reader of raw records `schemaId value...` for one series read: per schema
 * it works out once which positions are wanted, then scans each record only
 * up to the last of them, building nothing for the rest (a host at every cap
 * has ~1,400 values a record; a read wants at most 64).
 */
export function rawReader(schemas: Map<number, (string | undefined)[]>, wanted: Set<string>): (rec: string) => Values | null {
  const plans = new Map<number, { size: number; at: Map<number, string> } | null>();
  const planOf = (id: number) => {
    if (!plans.has(id)) {
      const names = schemas.get(id);
      const at = new Map<number, string>();
      names?.forEach((n, i) => n !== undefined && wanted.has(n) && at.set(i, n));
      plans.set(id, names ? { size: names.length, at } : null);
    }
    return plans.get(id)!;
  };
  return (rec) => {
    const { value: schemaId, next: start } = readUint(rec, 0);
    const plan = schemaId < 0 ? null : planOf(schemaId);
    if (!plan) {
      noteCorrupt('raw record', rec);
      return null;
    }
    if (plan.at.size === 0) return null;
    let out: Values | null = null;
    let found = 0;
    let pos = start;
    for (let i = 0; i < plan.size && found < plan.at.size; i++) {
      const { value, next } = readUint(rec, pos);
      if (value < 0) {
        noteCorrupt('raw record', rec);
        return null;
      }
      pos = next;
      const name = plan.at.get(i);
      if (name === undefined) continue;
      found++;
      const v = dequantize(name, value);
      (out ??= {})[name] = { avg: v, min: v, max: v };
    }
    return out;
  };
}

/** A reader of rollup buckets for one series read: only the wanted columns' entries are parsed; the rest are skipped over. */
export function bucketReader(names: Map<number, string>, wanted: Set<string>): (text: string) => Values | null {
  const cols = new Map<number, string>();
  for (const [col, name] of names) if (wanted.has(name)) cols.set(col, name);
  return (text) => {
    let out: Values | null = null;
    for (let pos = 0; pos < text.length; ) {
      const end = text.indexOf(';', pos);
      const stop = end === -1 ? text.length : end;
      const comma = text.indexOf(',', pos);
      const name = comma > pos && comma < stop ? cols.get(Number(text.slice(pos, comma))) : undefined;
      if (name !== undefined) {
        const entry = text.slice(pos, stop);
        const one = parseBucket(entry, (e) => noteCorrupt('rollup entry', e));
        for (const agg of one.values()) (out ??= {})[name] = aggValue(name, agg);
      }
      pos = stop + 1;
    }
    return out;
  };
}

/** One codec integer at `pos` (see codec.ts): its value and where the next begins; value -1 when the text is cut off or foreign. */
function readUint(text: string, pos: number): { value: number; next: number } {
  let value = 0;
  let weight = 1;
  for (let i = pos; i < text.length; i++) {
    const d = digitOf(text.charCodeAt(i));
    if (d < 0) return { value: -1, next: i };
    if (d >= BASE) return { value: value + (d - BASE) * weight, next: i + 1 };
    value += d * weight;
    weight *= BASE;
  }
  return { value: -1, next: text.length };
}
