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
  /** Shared between records of the same layout: read it, never change it. */
  names: readonly string[];
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

/**
 * Where each value of a record comes from, for one layout: which scalars a sample has, and which
 * entities (in sample order) with which readings. `from[i] >= 0` is the index of a family reading in
 * sample order, `from[i] < 0` the scalar `-from[i] - 1` (in SCALARS_BY_NAME order).
 *
 * A host's samples nearly all share one layout, and many hosts share theirs, so ingest builds and
 * sorts the names once per layout rather than once per sample (it was a third of planning a batch).
 */
interface Layout {
  names: readonly string[];
  from: Int32Array;
  /** The characters it holds, its key's and its names': what the recorder's bound counts. */
  chars: number;
}

/** Layouts kept, least recently made dropped first: a collector inventing names each sample only misses. */
export const MAX_LAYOUTS = 1_024;
/**
 * The characters all kept layouts may hold. A sample's names are bounded only by the body (1 MB), so a
 * collector sending a new large layout with every batch would otherwise pin up to a thousand of them.
 */
export const MAX_LAYOUT_CHARS = 16_000_000;
/** A layout larger than this (hundreds of long-named entities) is built for its sample and not kept. */
export const MAX_KEPT_LAYOUT_CHARS = 256_000;

/** Makes history records, keeping the layouts it has seen within its bounds. */
export class HistoryRecorder {
  private readonly layouts = new Map<string, Layout>();
  private kept = 0;

  constructor(
    private readonly maxLayouts = MAX_LAYOUTS,
    private readonly maxChars = MAX_LAYOUT_CHARS,
    private readonly maxEach = MAX_KEPT_LAYOUT_CHARS,
  ) {}

  /** Layouts kept, and the characters they hold. */
  get size(): { layouts: number; chars: number } {
    return { layouts: this.layouts.size, chars: this.kept };
  }

  record(sample: Sample): HistoryRecord {
    // One pass reads every value and writes the layout's key: a digit per scalar present or absent, then per family its
    // entity count and each entity's key, length-prefixed (names may hold any character, so two layouts never share a
    // key), with a digit per reading present or absent.
    const scalars: number[] = [];
    let key = '';
    for (const { read, q } of SCALARS_BY_NAME) {
      const v = read(sample);
      key += v === undefined ? '0' : '1';
      if (v !== undefined) scalars.push(quantizeWith(q, v));
    }
    const readings: number[] = [];
    const keys: string[] = [];
    for (const { entities, metrics } of FAMILY_READERS) {
      const list = entities(sample);
      key += `|${list.length}`;
      for (const { key: entity, values } of list) {
        key += `,${entity.length}:${entity}`;
        keys.push(entity);
        for (const [metric, q] of metrics) {
          // A device may lack a reading (a GPU without power draw): no value, no column, never a made-up 0.
          const v = values[metric];
          key += v === undefined ? '0' : '1';
          if (v !== undefined) readings.push(quantizeWith(q, v));
        }
      }
    }
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = layoutOf(sample, keys, key.length);
      this.keep(key, layout);
    }
    const { from } = layout;
    const values = new Array<number>(from.length);
    for (let i = 0; i < from.length; i++) values[i] = from[i]! >= 0 ? readings[from[i]!]! : scalars[-from[i]! - 1]!;
    return { names: layout.names, values };
  }

  private keep(key: string, layout: Layout): void {
    if (layout.chars > this.maxEach) return;
    this.layouts.set(key, layout);
    this.kept += layout.chars;
    while (this.layouts.size > this.maxLayouts || this.kept > this.maxChars) {
      const [oldest, dropped] = this.layouts.entries().next().value!;
      this.layouts.delete(oldest);
      this.kept -= dropped.chars;
    }
  }
}

const recorder = new HistoryRecorder();

export function historyRecord(sample: Sample): HistoryRecord {
  return recorder.record(sample);
}

/** A layout's names, sorted, and where each value comes from (see Layout). */
// On a miss only: it reads the sample's entities again rather than have every hit collect what it needs.
function layoutOf(sample: Sample, keys: readonly string[], keyChars: number): Layout {
  const familyNames: string[] = [];
  let e = 0;
  for (const { entities, metrics } of FAMILY_READERS) {
    for (const { values } of entities(sample)) {
      const entity = keys[e++]!;
      for (const [metric] of metrics) if (values[metric] !== undefined) familyNames.push(`${metric}:${entity}`);
    }
  }
  // A stable sort: the same entity twice (two mounts on one path) stays in sample order, and the last one counts, once.
  const order = familyNames.map((_, i) => i).sort((a, b) => byName(familyNames[a]!, familyNames[b]!));
  const names: string[] = [];
  const from: number[] = [];
  const addFamily = (i: number) => {
    if (names.at(-1) === familyNames[i]) from[from.length - 1] = i;
    else {
      names.push(familyNames[i]!);
      from.push(i);
    }
  };
  let f = 0;
  let s = 0;
  for (const { name, read } of SCALARS_BY_NAME) {
    if (read(sample) === undefined) continue;
    while (f < order.length && familyNames[order[f]!]! < name) addFamily(order[f++]!);
    names.push(name);
    from.push(-++s);
  }
  while (f < order.length) addFamily(order[f++]!);
  let chars = keyChars;
  for (const name of names) chars += name.length;
  return { names: Object.freeze(names), from: Int32Array.from(from), chars };
}
