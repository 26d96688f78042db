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

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Scalar names never hold a colon and family names always do, so the two never meet: scalars are put in name order once.
const SCALARS_BY_NAME = [...SCALARS].sort((a, b) => byName(a.name, b.name));

export function historyRecord(sample: Sample): HistoryRecord {
  const familyNames: string[] = [];
  const familyValues: number[] = [];
  for (const { entities, metrics } of FAMILY_READERS) {
    for (const { key, values } of entities(sample)) {
      for (const [metric, q] of metrics) {
        // A device may lack a reading (a GPU without power draw): no value, no column, never a made-up 0.
        const v = values[metric];
        if (v === undefined) continue;
        familyNames.push(`${metric}:${key}`);
        familyValues.push(quantizeWith(q, v));
      }
    }
  }
  // A stable sort: the same entity twice (two mounts on one path) stays in sample order, and the last one counts, once.
  const order = familyNames.map((_, i) => i).sort((a, b) => byName(familyNames[a]!, familyNames[b]!));
  const names: string[] = [];
  const out: number[] = [];
  const addFamily = (i: number) => {
    const name = familyNames[i]!;
    if (names.at(-1) === name) out[out.length - 1] = familyValues[i]!;
    else {
      names.push(name);
      out.push(familyValues[i]!);
    }
  };
  let f = 0;
  for (const { name, read, q } of SCALARS_BY_NAME) {
    const v = read(sample);
    if (v === undefined) continue;
    while (f < order.length && familyNames[order[f]!]! < name) addFamily(order[f++]!);
    names.push(name);
    out.push(quantizeWith(q, v));
  }
  while (f < order.length) addFamily(order[f++]!);
  return { names, values: out };
}
