import { familyPart } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { addColumn, copyCatalog, removeColumn, removeSchema, seenCutoffs, seenGranule, type SeriesCatalog } from './series-catalog';

/** Live schemas a host may have; past it, new combinations keep only the scalar series (rollups still get every capped-in column). */
export const MAX_SCHEMAS_PER_HOST = 1_024;

/** What one plan changes in a host's catalog; the executors store exactly this (see ingest-plan.ts). */
export interface CatalogChanges {
  newColumns: { name: string; idx: number }[];
  newSchemas: { key: string; id: number; columns: number[] }[];
  /**
   * Entries leaving the live set (evicted at a cap, or unseen past every tier), each with the
   * hour it was judged by: a stored seen hour at or after `before` means another writer saw the
   * entry since this view was read, and the plan must be refused and made again.
   */
  dropColumns: { name: string; idx: number; before: number }[];
  dropSchemas: { key: string; id: number; before: number }[];
  /** Entries whose last-seen hour becomes `at`, new ones included; empty in most batches. */
  seen: { at: number; columns: number[]; schemas: number[] };
  /** The next ids after this plan; stored, so that an id is never given twice after its entry left. */
  next: { column: number; schema: number };
}

/** Whether a plan adds or removes catalog entries (seen hours alone do not count: they never change what a name means). */
export const changesEntries = (c: CatalogChanges) => c.newColumns.length + c.newSchemas.length + c.dropColumns.length + c.dropSchemas.length > 0;

/**
 * The planner's view of a catalog while it plans one batch, copy-on-write:
 * the stored catalog is read as is, and copied only when the batch changes
 * something (a new entry, an eviction, or the first batch of an hour).
 * Pure.
 */
export class CatalogEdit {
  private work: SeriesCatalog;
  private readonly granule: number;
  private readonly cutoffs: { evict: number; forget: number };
  /** Per family metric, the evictable columns LRU last (popped), found once per batch when a new entry meets a full family. */
  private readonly evictable = new Map<string, { name: string; idx: number; seen: number }[]>();
  private schemasEvictable?: { key: string; id: number; seen: number }[];
  readonly changes: CatalogChanges;

  constructor(
    private readonly base: SeriesCatalog,
    now: number,
    retention: Retention,
  ) {
    this.work = base;
    this.granule = seenGranule(now);
    this.cutoffs = seenCutoffs(now, retention);
    this.changes = { newColumns: [], newSchemas: [], dropColumns: [], dropSchemas: [], seen: { at: this.granule, columns: [], schemas: [] }, next: { column: 0, schema: 0 } };
  }

  private writable(): SeriesCatalog {
    if (this.work === this.base) this.work = copyCatalog(this.base);
    return this.work;
  }

  known(name: string): number | undefined {
    return this.work.columns.get(name);
  }

  /** A series' column: the known one, else a new one — at a full family only by evicting a column unseen past raw retention; undefined when capped. */
  columnOf(name: string, caps: Record<string, number>): number | undefined {
    const known = this.work.columns.get(name);
    if (known !== undefined) return known;
    const metric = familyPart(name)?.metric;
    if (metric !== undefined && (this.work.perMetric.get(metric) ?? 0) >= (caps[metric] ?? 0) && !this.evictColumn(metric)) return undefined;
    const w = this.writable();
    const idx = w.nextColumn;
    addColumn(w, name, idx);
    this.changes.newColumns.push({ name, idx });
    this.touchColumn(idx);
    return idx;
  }

  /**
   * The schema of a column set, marking it and its columns seen. A new one past the schema cap
   * first evicts the schema seen least recently, if it was unseen past raw retention (its raw
   * records are gone); without one it is refused (undefined) unless `force`.
   */
  schemaOf(columns: number[], force: boolean): number | undefined {
    const key = columns.join(',');
    const known = this.work.schemas.get(key);
    if (known !== undefined) {
      // Whenever a schema is marked seen its columns are too, so a schema seen this hour means its columns were.
      if ((this.work.schemaSeen.get(known) ?? -Infinity) < this.granule) {
        this.touchSchema(known);
        this.touchColumns(columns);
      }
      return known;
    }
    if (this.work.schemas.size >= MAX_SCHEMAS_PER_HOST && !this.evictSchema() && !force) return undefined;
    const w = this.writable();
    const id = w.nextSchema++;
    w.schemas.set(key, id);
    this.changes.newSchemas.push({ key, id, columns });
    this.touchSchema(id);
    this.touchColumns(columns);
    return id;
  }

  touchColumns(columns: readonly number[]): void {
    for (const idx of columns) this.touchColumn(idx);
  }

  private touchColumn(idx: number): void {
    if ((this.work.columnSeen.get(idx) ?? -Infinity) >= this.granule) return;
    this.writable().columnSeen.set(idx, this.granule);
    this.changes.seen.columns.push(idx);
  }

  private touchSchema(id: number): void {
    if ((this.work.schemaSeen.get(id) ?? -Infinity) >= this.granule) return;
    this.writable().schemaSeen.set(id, this.granule);
    this.changes.seen.schemas.push(id);
  }

  private evictColumn(metric: string): boolean {
    let list = this.evictable.get(metric);
    if (!list) {
      list = [];
      for (const [name, idx] of this.work.columns) {
        const seen = this.work.columnSeen.get(idx);
        if (seen !== undefined && seen < this.cutoffs.evict && familyPart(name)?.metric === metric) list.push({ name, idx, seen });
      }
      list.sort((a, b) => b.seen - a.seen || b.idx - a.idx);
      this.evictable.set(metric, list);
    }
    for (let c = list.pop(); c; c = list.pop()) {
      // Seen again earlier in this batch (or already gone): no longer a candidate.
      if (this.work.columns.get(c.name) !== c.idx || this.work.columnSeen.get(c.idx) !== c.seen) continue;
      this.dropColumn(c.name, c.idx, this.cutoffs.evict);
      return true;
    }
    return false;
  }

  private evictSchema(): boolean {
    if (!this.schemasEvictable) {
      this.schemasEvictable = [];
      for (const [key, id] of this.work.schemas) {
        const seen = this.work.schemaSeen.get(id);
        if (seen !== undefined && seen < this.cutoffs.evict) this.schemasEvictable.push({ key, id, seen });
      }
      this.schemasEvictable.sort((a, b) => b.seen - a.seen || b.id - a.id);
    }
    for (let s = this.schemasEvictable.pop(); s; s = this.schemasEvictable.pop()) {
      if (this.work.schemas.get(s.key) !== s.id || this.work.schemaSeen.get(s.id) !== s.seen) continue;
      this.dropSchema(s.key, s.id, this.cutoffs.evict);
      return true;
    }
    return false;
  }

  private dropColumn(name: string, idx: number, before: number): void {
    removeColumn(this.writable(), name, idx);
    this.changes.dropColumns.push({ name, idx, before });
  }

  private dropSchema(key: string, id: number, before: number): void {
    removeSchema(this.writable(), key, id);
    this.changes.dropSchemas.push({ key, id, before });
  }

  /**
   * Once an hour per catalog (and on a catalog's first batch after it was read): entries unseen
   * past every tier leave, since none of their data is left; entries without a seen hour (stored
   * by an older release) are stamped with this one, so they too can age out.
   */
  sweep(): void {
    if ((this.work.swept ?? -Infinity) >= this.granule) return;
    const w = this.writable();
    w.swept = this.granule;
    for (const [name, idx] of w.columns) {
      const seen = w.columnSeen.get(idx);
      if (seen === undefined) this.touchColumn(idx);
      else if (seen < this.cutoffs.forget) this.dropColumn(name, idx, this.cutoffs.forget);
    }
    for (const [key, id] of w.schemas) {
      const seen = w.schemaSeen.get(id);
      if (seen === undefined) this.touchSchema(id);
      else if (seen < this.cutoffs.forget) this.dropSchema(key, id, this.cutoffs.forget);
    }
  }

  /** The catalog once the changes are stored (the given one when there are none), and the changes. */
  finish(): { catalog: SeriesCatalog; changes: CatalogChanges } {
    this.changes.next = { column: this.work.nextColumn, schema: this.work.nextSchema };
    return { catalog: this.work, changes: this.changes };
  }
}
