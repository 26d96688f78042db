import { familyPart } from '@/lib/metrics/registry';
import { longestRetention } from '@/lib/metrics/rollup';
import { HOUR, type Retention } from '@/lib/metrics/tiers';
import { MAX_FUTURE_SKEW_MS } from '@/lib/wire/limits';

/**
 * A host's series catalog as the ingest planner (ingest-plan.ts) sees it:
 * the live columns and schemas, the hour each was last seen, and the next
 * ids to give. Ids are never given twice, not even after an entry leaves:
 * stored rollups and raw records of a gone entry still carry its old id,
 * and must never be read as another entry's data. Pure.
 */

/**
 * How finely last-seen times are kept. An entry's time is written only when a
 * batch arrives in a later hour than the stored one: about one write per
 * entry per hour, never one per batch.
 */
export const SEEN_GRANULE_MS = HOUR;

export const seenGranule = (t: number) => t - (t % SEEN_GRANULE_MS);

export interface SeriesCatalog {
  /** Series name → column index. */
  columns: Map<string, number>;
  /** Family metric (`fs`, `disk.read`) → how many columns it has. */
  perMetric: Map<string, number>;
  nextColumn: number;
  /** Schema key (its column indexes joined by `,`) → schema id. */
  schemas: Map<string, number>;
  nextSchema: number;
  /** Column index → the hour (its start) it was last seen in; absent when unknown (stored by an older release). */
  columnSeen: Map<number, number>;
  /** Schema id → the hour it was last seen in; absent when unknown. */
  schemaSeen: Map<number, number>;
  /** The hour of this catalog's last sweep (kept in memory only: a catalog read from storage is swept on its first batch). */
  swept?: number;
}

/** A catalog from stored entries: [name, index, seen hour?] and [id, column indexes, seen hour?], plus the stored next ids (absent in older stores). */
export function catalogOf(
  columns: Iterable<readonly [string, number, (number | null)?]>,
  schemas: Iterable<readonly [number, readonly number[], (number | null)?]>,
  next?: { column?: number; schema?: number },
): SeriesCatalog {
  const catalog = emptyCatalog();
  for (const [name, idx, seen] of columns) {
    addColumn(catalog, name, idx);
    if (typeof seen === 'number') catalog.columnSeen.set(idx, seen);
  }
  for (const [id, cols, seen] of schemas) {
    catalog.schemas.set(cols.join(','), id);
    catalog.nextSchema = Math.max(catalog.nextSchema, id + 1);
    if (typeof seen === 'number') catalog.schemaSeen.set(id, seen);
  }
  catalog.nextColumn = Math.max(catalog.nextColumn, next?.column ?? 0);
  catalog.nextSchema = Math.max(catalog.nextSchema, next?.schema ?? 0);
  return catalog;
}

export function emptyCatalog(): SeriesCatalog {
  return { columns: new Map(), perMetric: new Map(), nextColumn: 0, schemas: new Map(), nextSchema: 0, columnSeen: new Map(), schemaSeen: new Map() };
}

export function copyCatalog(c: SeriesCatalog): SeriesCatalog {
  return {
    ...c,
    columns: new Map(c.columns),
    perMetric: new Map(c.perMetric),
    schemas: new Map(c.schemas),
    columnSeen: new Map(c.columnSeen),
    schemaSeen: new Map(c.schemaSeen),
  };
}

export function addColumn(catalog: SeriesCatalog, name: string, idx: number): void {
  catalog.columns.set(name, idx);
  catalog.nextColumn = Math.max(catalog.nextColumn, idx + 1);
  const metric = familyPart(name)?.metric;
  if (metric) catalog.perMetric.set(metric, (catalog.perMetric.get(metric) ?? 0) + 1);
}

/** Takes a column out of the live set; its id stays used (nextColumn does not go back). */
export function removeColumn(catalog: SeriesCatalog, name: string, idx: number): void {
  catalog.columns.delete(name);
  catalog.columnSeen.delete(idx);
  const metric = familyPart(name)?.metric;
  if (metric) catalog.perMetric.set(metric, (catalog.perMetric.get(metric) ?? 1) - 1);
}

export function removeSchema(catalog: SeriesCatalog, key: string, id: number): void {
  catalog.schemas.delete(key);
  catalog.schemaSeen.delete(id);
}

/**
 * The seen hours before which an entry may go: `evict` — unseen for longer
 * than raw retention, so it may give its slot to a new entry at a cap (only
 * its rollups are left, and they age out with their tiers); `forget` —
 * unseen for longer than every tier, so none of its data is left. An entry
 * seen in hour h was last seen before h + the granule, and a sample may be
 * stamped up to MAX_FUTURE_SKEW_MS after its arrival (its raw record stays
 * readable that much longer), hence the margin.
 */
export function seenCutoffs(now: number, retention: Retention): { evict: number; forget: number } {
  const margin = SEEN_GRANULE_MS + MAX_FUTURE_SKEW_MS;
  return { evict: now - retention.rawMs - margin, forget: now - longestRetention(retention) - margin };
}
