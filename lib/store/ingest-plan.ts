import { historyRecord } from '@/lib/metrics/history';
import { capsByMetric, familyPart, type FamilyName, type SeriesLimits } from '@/lib/metrics/registry';
import { sampleTargets, type SampleTargets } from '@/lib/metrics/rollup';
import type { Retention } from '@/lib/metrics/tiers';
import type { Sample } from '@/lib/wire/contract';
import { encodeUint, encodeUints } from './codec';
import { newestSample, snapshotOf, snapshotSlot, splitLatest } from './state';
import type { IngestBatch, ProcessSnapshot } from './types';

/**
 * The one ingest planner: what a batch writes, decided once for every backend.
 * SQLite executes the plan in a transaction; the Redis script receives it.
 * What needs no stored data is decided here — which tiers each sample reaches,
 * its columns and schema (with the per-family caps), its encoded raw record,
 * which samples carry a process snapshot, the state to keep. What does depend
 * on stored data is left to the executor, with these rules:
 * - a sample is new unless (host, ts) is stored; duplicates write nothing;
 * - a new sample adds its values to each rollup bucket of `targets`;
 * - a snapshot is kept unless its minute slot already has one;
 * - the latest sample is replaced only by a newer one;
 * - `dropped` adds to the host's total only when some sample was new (a
 *   retried batch must not count the collector's drops twice).
 * Pure.
 */

/** Live schemas a host may have; past it, new combinations keep only the scalar series (rollups still get every capped-in column). */
export const MAX_SCHEMAS_PER_HOST = 1_024;

/** What the planner must know of a host's stored series: its columns and schemas. */
export interface SeriesCatalog {
  /** Series name → column index. */
  columns: Map<string, number>;
  /** Family metric (`fs`, `disk.read`) → how many columns it has. */
  perMetric: Map<string, number>;
  nextColumn: number;
  /** Schema key (its column indexes joined by `,`) → schema id. */
  schemas: Map<string, number>;
  nextSchema: number;
}

export function catalogOf(columns: Iterable<[string, number]>, schemas: Iterable<[number, readonly number[]]>): SeriesCatalog {
  const catalog: SeriesCatalog = { columns: new Map(), perMetric: new Map(), nextColumn: 0, schemas: new Map(), nextSchema: 0 };
  for (const [name, idx] of columns) addColumn(catalog, name, idx);
  for (const [id, cols] of schemas) {
    catalog.schemas.set(cols.join(','), id);
    catalog.nextSchema = Math.max(catalog.nextSchema, id + 1);
  }
  return catalog;
}

function addColumn(catalog: SeriesCatalog, name: string, idx: number): void {
  catalog.columns.set(name, idx);
  catalog.nextColumn = Math.max(catalog.nextColumn, idx + 1);
  const metric = familyPart(name)?.metric;
  if (metric) catalog.perMetric.set(metric, (catalog.perMetric.get(metric) ?? 0) + 1);
}

export type SeriesCap = FamilyName | 'schemas';

export interface SamplePlan {
  ts: number;
  targets: SampleTargets;
  schema: number;
  /** Column indexes and the quantized values that go in them, aligned. */
  columns: number[];
  values: number[];
  /** The raw record: schema id then values, in the codec of lib/store/codec.ts. */
  record: string;
  /** The process snapshot this sample offers for its minute slot (the first raw sample of each slot in the batch). */
  snapshot?: ProcessSnapshot;
}

export interface IngestPlan {
  /** Samples some tier still keeps, in batch order. */
  samples: SamplePlan[];
  /** Samples older than every tier: nothing to keep, acknowledged as accepted. */
  tooOld: number;
  newColumns: { name: string; idx: number }[];
  newSchemas: { key: string; id: number; columns: number[] }[];
  /** Caps that kept series of this batch out of history; the host's state shows them. */
  capped: SeriesCap[];
  state: {
    ts: number;
    latest: Sample;
    snapshot: ProcessSnapshot;
    system?: IngestBatch['system'];
    counters: IngestBatch['counters'];
    dropped: number;
    skewMs: number;
  };
}

const capsOf = new WeakMap<SeriesLimits, Record<string, number>>();

export function planIngest(batch: IngestBatch, now: number, retention: Retention, limits: SeriesLimits, catalog: SeriesCatalog): IngestPlan {
  let caps = capsOf.get(limits);
  if (!caps) capsOf.set(limits, (caps = capsByMetric(limits)));
  // The stored catalog is read as is; a private copy is made only when this batch adds to it (most batches add nothing).
  let work = catalog;
  const writable = (): SeriesCatalog => {
    if (work === catalog) work = { ...catalog, columns: new Map(catalog.columns), perMetric: new Map(catalog.perMetric), schemas: new Map(catalog.schemas) };
    return work;
  };
  const plan: Omit<IngestPlan, 'state'> = { samples: [], tooOld: 0, newColumns: [], newSchemas: [], capped: [] };
  const capped = new Set<SeriesCap>();
  const slots = new Set<number>();

  const columnOf = (name: string): number | undefined => {
    const known = work.columns.get(name);
    if (known !== undefined) return known;
    const part = familyPart(name);
    if (part && (work.perMetric.get(part.metric) ?? 0) >= (caps[part.metric] ?? 0)) {
      capped.add(part.family);
      return undefined;
    }
    const idx = work.nextColumn;
    addColumn(writable(), name, idx);
    plan.newColumns.push({ name, idx });
    return idx;
  };
  const schemaOf = (columns: number[]): number | undefined => {
    const key = columns.join(',');
    const known = work.schemas.get(key);
    if (known !== undefined) return known;
    if (work.schemas.size >= MAX_SCHEMAS_PER_HOST) return undefined;
    const w = writable();
    const id = w.nextSchema++;
    w.schemas.set(key, id);
    plan.newSchemas.push({ key, id, columns });
    return id;
  };

  for (const sample of batch.samples) {
    const targets = sampleTargets(sample.ts, now, retention);
    if (!targets.raw && targets.rollups.length === 0) {
      plan.tooOld++;
      continue;
    }
    const record = historyRecord(sample);
    let columns: number[] = [];
    let values: number[] = [];
    record.names.forEach((name, i) => {
      const idx = columnOf(name);
      if (idx === undefined) return;
      columns.push(idx);
      values.push(record.values[i]);
    });
    let schema = schemaOf(columns);
    if (schema === undefined) {
      // Too many combinations: this sample's raw record keeps its scalar series; they have at most two schemas (with and without temp.max).
      capped.add('schemas');
      const scalar = record.names.map((n, i) => (familyPart(n) ? -1 : i)).filter((i) => i >= 0);
      columns = scalar.map((i) => work.columns.get(record.names[i])!);
      values = scalar.map((i) => record.values[i]);
      schema = work.schemas.get(columns.join(',')) ?? forceSchema(writable(), plan, columns);
    }
    const planned: SamplePlan = { ts: sample.ts, targets, schema, columns, values, record: encodeUint(schema) + encodeUints(values) };
    const slot = snapshotSlot(sample.ts);
    if (targets.raw && !slots.has(slot)) {
      slots.add(slot);
      planned.snapshot = snapshotOf(sample);
    }
    plan.samples.push(planned);
  }

  const newest = newestSample(batch.samples);
  const { latest, snapshot } = splitLatest(newest);
  return {
    ...plan,
    capped: [...capped],
    state: { ts: newest.ts, latest, snapshot, system: batch.system, counters: batch.counters, dropped: batch.counters.dropped, skewMs: now - newest.ts },
  };
}

function forceSchema(work: SeriesCatalog, plan: Omit<IngestPlan, 'state'>, columns: number[]): number {
  const id = work.nextSchema++;
  const key = columns.join(',');
  work.schemas.set(key, id);
  plan.newSchemas.push({ key, id, columns });
  return id;
}

/** The catalog after a plan's new columns and schemas were stored. */
export function applyPlan(catalog: SeriesCatalog, plan: IngestPlan): void {
  for (const { name, idx } of plan.newColumns) addColumn(catalog, name, idx);
  for (const { key, id } of plan.newSchemas) {
    catalog.schemas.set(key, id);
    catalog.nextSchema = Math.max(catalog.nextSchema, id + 1);
  }
}
