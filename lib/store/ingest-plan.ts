import { historyRecord } from '@/lib/metrics/history';
import { capsByMetric, familyPart, type FamilyName, type SeriesLimits } from '@/lib/metrics/registry';
import { sampleTargets, type SampleTargets } from '@/lib/metrics/rollup';
import type { Retention } from '@/lib/metrics/tiers';
import { longestRetention } from '@/lib/metrics/rollup';
import type { Sample } from '@/lib/wire/contract';
import { CatalogEdit, type CatalogChanges } from './catalog-edit';
import { encodeUint, encodeUints } from './codec';
import type { SeriesCatalog } from './series-catalog';
import { snapshotOf, snapshotSlot, splitLatest } from './state';
import type { IngestBatch } from './types';

export { MAX_SCHEMAS_PER_HOST } from './catalog-edit';

/**
 * The one ingest planner: what a batch writes, decided once for every backend.
 * SQLite executes the plan in a transaction; the Redis script receives it.
 * What needs no stored data is decided here — which tiers each sample reaches,
 * its columns and schema (with the per-family caps), its encoded raw record,
 * which samples carry a process snapshot, the state to keep, and what changes
 * in the host's series catalog. What does depend on stored data is left to
 * the executor, with these rules:
 * - a sample is new unless (host, ts) is stored; duplicates write nothing;
 * - a sample older than every tier (`tooOld`) is refused: it is not stored,
 *   deduplicated or seen, and a batch of nothing else changes nothing of the
 *   host (`state` is null: a collector sending only such samples must not look
 *   online);
 * - a new sample adds its values to each rollup bucket of `targets`;
 * - a snapshot is kept unless its minute slot already has one; an executor
 *   that knows a slot has one says so (`filledSlot`), and a sample of that
 *   slot then offers none (its text is never made);
 * - the latest sample is replaced only by a newer one;
 * - `dropped` adds to the host's total only when some sample was new (a
 *   retried batch must not count the collector's drops twice);
 * - catalog drops are stored before additions (a name may leave and come
 *   back with a new id in one plan), and the next ids with them;
 * - a plan made from a view older than the stored catalog is refused and made
 *   again (SQLite's view is exact: one writer; the Redis script checks a
 *   version counter, and that each dropped entry's stored seen hour is still
 *   before its `before`).
 *
 * Live entries are bounded, and nothing stays in the live set forever. Every
 * column and schema has a last-seen hour (series-catalog.ts), written only
 * when a batch arrives in a later hour. When a family is at its cap and a new
 * entity arrives, the family's column seen least recently gives up its slot,
 * if it has not been seen for longer than raw retention: its name leaves the
 * catalog (its raw records are gone; its rollups stay under its old id, which
 * no name maps to, and age out with their tiers) and the new entity gets a
 * fresh id, never a used one, so old data is never read as the new entity's.
 * Without such a column the new entity is capped and the state's `capped` says so; a
 * series its own sample (or an earlier one of the batch) reports is never
 * the one evicted. "Longer than raw retention" counts the last-seen hour as
 * a whole hour plus the clock-skew allowance of sample stamps, so no raw
 * record of an evicted entry is still readable (seenCutoffs). Schemas at
 * their cap are evicted the same way. Once an hour, entries unseen for longer
 * than every tier (none of their data is left) leave the catalog whether or
 * not their family is full. Pure.
 */

export type SeriesCap = FamilyName | 'schemas';

export interface SamplePlan {
  ts: number;
  targets: SampleTargets;
  schema: number;
  /** Column indexes and the quantized values that go in them, aligned: what the rollups get. */
  columns: number[];
  values: number[];
  /** The raw record: schema id then values, in the codec of lib/store/codec.ts (past the schema cap, the scalar values only). */
  record: string;
  /** The JSON text of the process snapshot this sample offers for its minute slot (the first raw sample of each slot in the batch). */
  snapshot?: string;
}

export interface IngestPlan extends CatalogChanges {
  /** Samples some tier still keeps, in batch order. */
  samples: SamplePlan[];
  /** Samples older than every tier (stamped before `keepsFrom`): refused, never stored, deduplicated or seen. */
  tooOld: number;
  /** The earliest sample time some tier still keeps at `now`. */
  keepsFrom: number;
  /**
   * What the host's state becomes, from the newest kept sample; null when the batch keeps none (nothing
   * of the host changes, and no cap was hit). `latest`, `snapshot`, `system`, `counters` and `capped` are the
   * JSON texts to store; `capped` is `{ series, at }`, the caps that kept series of this batch out of history
   * (the host page shows them), absent when none was hit. When the newest sample offers its slot's snapshot,
   * `snapshot` is that same text (made once for both).
   */
  state: {
    ts: number;
    latest: string;
    snapshot: string;
    system?: string;
    counters: string;
    capped?: string;
    dropped: number;
    skewMs: number;
  } | null;
  /** The host's catalog once this plan is stored: the given one, untouched, when the plan changes nothing in it. */
  catalog: SeriesCatalog;
}

const capsOf = new WeakMap<SeriesLimits, Record<string, number>>();

export function planIngest(batch: IngestBatch, now: number, retention: Retention, limits: SeriesLimits, catalog: SeriesCatalog, filledSlot?: number): IngestPlan {
  let caps = capsOf.get(limits);
  if (!caps) capsOf.set(limits, (caps = capsByMetric(limits)));
  const edit = new CatalogEdit(catalog, now, retention);
  const samples: SamplePlan[] = [];
  let tooOld = 0;
  const capped = new Set<SeriesCap>();
  const slots = new Set<number>();
  let newest: { sample: Sample; planned: SamplePlan } | undefined;

  for (const sample of batch.samples) {
    const targets = sampleTargets(sample.ts, now, retention);
    if (!targets.raw && targets.rollups.length === 0) {
      tooOld++;
      continue;
    }
    const record = historyRecord(sample);
    const columns: number[] = [];
    const values: number[] = [];
    // Known series first: a new one may evict, and must never evict a series of its own sample.
    const found = record.names.map((name) => edit.known(name));
    if (found.includes(undefined)) {
      edit.touchColumns(found.filter((idx) => idx !== undefined));
      record.names.forEach((name, i) => (found[i] ??= edit.columnOf(name, caps)));
    }
    found.forEach((idx, i) => {
      if (idx === undefined) {
        capped.add(familyPart(record.names[i])!.family);
        return;
      }
      columns.push(idx);
      values.push(record.values[i]);
    });
    let schema = edit.schemaOf(columns, false);
    let rawValues = values;
    if (schema === undefined) {
      // Too many combinations: this sample's raw record keeps its scalar series (they have at most two schemas, with and
      // without temp.max); its rollups still get every column, so those count as seen.
      capped.add('schemas');
      edit.touchColumns(columns);
      const scalar = record.names.map((n, i) => (familyPart(n) ? -1 : i)).filter((i) => i >= 0);
      schema = edit.schemaOf(scalar.map((i) => edit.known(record.names[i])!), true)!;
      rawValues = scalar.map((i) => record.values[i]);
    }
    const planned: SamplePlan = { ts: sample.ts, targets, schema, columns, values, record: encodeUint(schema) + encodeUints(rawValues) };
    const slot = snapshotSlot(sample.ts);
    if (targets.raw && !slots.has(slot)) {
      slots.add(slot);
      if (slot !== filledSlot) planned.snapshot = JSON.stringify(snapshotOf(sample));
    }
    samples.push(planned);
    if (!newest || sample.ts > newest.sample.ts) newest = { sample, planned };
  }
  // After the samples, so that nothing this batch reports is swept.
  edit.sweep();

  const { catalog: after, changes } = edit.finish();
  return {
    samples,
    tooOld,
    keepsFrom: now - longestRetention(retention),
    ...changes,
    state: newest ? stateOf(newest, batch, [...capped], now) : null,
    catalog: after,
  };
}

function stateOf(
  { sample, planned }: { sample: Sample; planned: SamplePlan },
  batch: IngestBatch,
  capped: SeriesCap[],
  now: number,
): NonNullable<IngestPlan['state']> {
  const { latest, snapshot } = splitLatest(sample);
  return {
    ts: sample.ts,
    latest: JSON.stringify(latest),
    snapshot: planned.snapshot ?? JSON.stringify(snapshot),
    ...(batch.system ? { system: JSON.stringify(batch.system) } : {}),
    counters: JSON.stringify(batch.counters),
    ...(capped.length > 0 ? { capped: JSON.stringify({ series: capped, at: now }) } : {}),
    dropped: batch.counters.dropped,
    skewMs: now - sample.ts,
  };
}
