import { aggValue, parseBucket } from '@/lib/metrics/rollup';
import { dequantize } from '@/lib/metrics/quantize';
import { decodeUints } from './codec';
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

/** A raw record `schemaId value...` as the wanted series, or null when it holds none of them (or cannot be read). */
export function decodeRaw(rec: string, schemas: Map<number, (string | undefined)[]>, wanted: Set<string>): Record<string, SeriesValue> | null {
  let decoded: number[];
  try {
    decoded = decodeUints(rec);
  } catch {
    noteCorrupt('raw record', rec);
    return null;
  }
  const [schemaId, ...values] = decoded;
  const names = schemas.get(schemaId);
  if (!names || names.length !== values.length) {
    noteCorrupt('raw record', rec);
    return null;
  }
  let out: Record<string, SeriesValue> | null = null;
  names.forEach((name, i) => {
    if (name === undefined || !wanted.has(name)) return;
    const v = dequantize(name, values[i]);
    (out ??= {})[name] = { avg: v, min: v, max: v };
  });
  return out;
}

export function decodeBucket(text: string, names: Map<number, string>, wanted: Set<string>): Record<string, SeriesValue> | null {
  let out: Record<string, SeriesValue> | null = null;
  for (const [col, agg] of parseBucket(text, (entry) => noteCorrupt('rollup entry', entry))) {
    const name = names.get(col);
    if (name !== undefined && wanted.has(name)) (out ??= {})[name] = aggValue(name, agg);
  }
  return out;
}
