import type { Sample } from '@/lib/wire/contract';
import { quantize } from './quantize';
import { seriesValues } from './registry';

/**
 * The history values of one sample as stored: series names in a fixed
 * (sorted) order and their quantized values. The set of columns a sample
 * fills is its "schema": a host has few distinct ones (they change when a
 * filesystem, disk, interface or sensor comes or goes), so backends keep each
 * once and store only a small schema id per sample. Both the columns per
 * family and the schemas per host are capped (see series-limits.ts), so a
 * collector inventing names cannot grow either. Pure.
 */
export interface HistoryRecord {
  names: string[];
  values: number[];
  /** The schema's identity, `JSON.stringify(names)`. */
  schemaKey: string;
}

export function historyRecord(sample: Sample): HistoryRecord {
  const all = seriesValues(sample);
  const names = Object.keys(all).sort();
  return { names, values: names.map((n) => quantize(n, all[n])), schemaKey: JSON.stringify(names) };
}
