import type { Sample } from '@/lib/wire/contract';
import { quantizeWith } from './quantize';
import { FAMILIES, FAMILY_NAMES, METRIC_NAMES, METRICS, UNITS, type Precision, type Unit } from './registry';

/**
 * The history values of one sample as stored: series names in a fixed
 * (sorted) order and their quantized values. The set of columns a sample
 * fills is its "schema": a host has few distinct ones (they change when a
 * filesystem, disk, interface or sensor comes or goes), so backends keep each
 * once and store only a small schema id per sample. Both the columns per
 * family and the schemas per host are capped (lib/store/ingest-plan.ts), so a
 * collector inventing names cannot grow either. Pure.
 */
export interface HistoryRecord {
  names: string[];
  values: number[];
}

// Each series' reader and precision, looked up once: ingest runs this for every sample.
const SCALARS = METRIC_NAMES.map((name) => ({ name, read: METRICS[name].read as (s: Sample) => number | undefined, q: UNITS[METRICS[name].unit].precision }));
const FAMILY_READERS = FAMILY_NAMES.map((f) => ({
  entities: FAMILIES[f].entities as (s: Sample) => { key: string; values: Record<string, number> }[],
  metrics: Object.entries(FAMILIES[f].metrics as Record<string, { unit: Unit }>).map(([metric, def]): [string, Precision] => [metric, UNITS[def.unit].precision]),
}));

export function historyRecord(sample: Sample): HistoryRecord {
  const entries: [string, number][] = [];
  for (const { name, read, q } of SCALARS) {
    const v = read(sample);
    if (v !== undefined) entries.push([name, quantizeWith(q, v)]);
  }
  for (const { entities, metrics } of FAMILY_READERS) {
    for (const { key, values } of entities(sample)) for (const [metric, q] of metrics) entries.push([`${metric}:${key}`, quantizeWith(q, values[metric]!)]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const names: string[] = [];
  const out: number[] = [];
  for (const [name, value] of entries) {
    // The same entity twice in one sample (two mounts on one path): the last one counts, once.
    if (names.at(-1) === name) out[out.length - 1] = value;
    else {
      names.push(name);
      out.push(value);
    }
  }
  return { names, values: out };
}
