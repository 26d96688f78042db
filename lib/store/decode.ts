import { aggValue, parseBucket } from '@/lib/metrics/rollup';
import { dequantize } from '@/lib/metrics/quantize';
import { decodeUints } from './codec';
import type { ProcessSnapshot, SeriesValue } from './types';

/** Reading stored history back, shared by the backends (they store the same text forms). Pure. */

/** The snapshot closest to `at`; on a tie the earlier one. */
export function nearestSnapshot(candidates: ProcessSnapshot[], at: number): ProcessSnapshot | null {
  let best: ProcessSnapshot | null = null;
  for (const c of candidates) {
    const d = Math.abs(c.ts - at);
    if (!best || d < Math.abs(best.ts - at) || (d === Math.abs(best.ts - at) && c.ts < best.ts)) best = c;
  }
  return best;
}

/** A raw record `schemaId value...` as the wanted series, or null when it holds none of them. */
export function decodeRaw(rec: string, schemas: Map<number, string[]>, wanted: Set<string>): Record<string, SeriesValue> | null {
  const [schemaId, ...values] = decodeUints(rec);
  const names = schemas.get(schemaId);
  if (!names) throw new Error(`corrupt raw record: unknown schema ${schemaId}`);
  let out: Record<string, SeriesValue> | null = null;
  names.forEach((name, i) => {
    if (!wanted.has(name)) return;
    const v = dequantize(name, values[i]);
    (out ??= {})[name] = { avg: v, min: v, max: v };
  });
  return out;
}

export function decodeBucket(text: string, names: Map<number, string>, wanted: Set<string>): Record<string, SeriesValue> | null {
  let out: Record<string, SeriesValue> | null = null;
  for (const [col, agg] of parseBucket(text)) {
    const name = names.get(col);
    if (name !== undefined && wanted.has(name)) (out ??= {})[name] = aggValue(name, agg);
  }
  return out;
}
