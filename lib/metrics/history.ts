import type { Sample } from '@/lib/wire/contract';
import { quantize } from './quantize';
import { seriesValues } from './series';

/**
 * The history values of one sample as stored: series names in a fixed
 * (sorted) order and their quantized values. The name list is the sample's
 * "schema"; a host has few distinct schemas (they change only when a
 * filesystem or a sensor comes or goes), so backends keep each once and
 * store only a small schema id per sample. Pure.
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
