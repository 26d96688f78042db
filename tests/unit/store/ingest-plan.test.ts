import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS } from '@/lib/metrics/registry';
import { DAY, DEFAULT_RETENTION, HOUR, MINUTE } from '@/lib/metrics/tiers';
import { encodeUint, encodeUints } from '@/lib/store/codec';
import { MAX_SCHEMAS_PER_HOST, planIngest, type IngestPlan } from '@/lib/store/ingest-plan';
import { catalogOf, emptyCatalog, seenCutoffs, type SeriesCatalog } from '@/lib/store/series-catalog';
import type { IngestBatch } from '@/lib/store/types';
import { batch, sample } from '../../integration/store/sample';

const now = Date.UTC(2026, 5, 1, 12);
const limits = { ...DEFAULT_SERIES_LIMITS, filesystems: 2 };
const of = (...mounts: string[][]): IngestBatch => batch(mounts.map((m, i) => sample(now - 10_000 + i * 1_000, { filesystems: Object.fromEntries(m.map((x) => [x, 10])) })));
/** A batch received at `at`, one sample a second before it per mount list. */
const at = (t: number, ...mounts: string[][]): IngestBatch =>
  batch(mounts.map((m, i) => sample(t - (mounts.length - i) * 1_000, { filesystems: Object.fromEntries(m.map((x) => [x, 10])) })));
const plan = (b: IngestBatch, t: number, catalog: SeriesCatalog, l = limits): IngestPlan => planIngest(b, t, DEFAULT_RETENTION, l, catalog);
/** The caps the plan records in the host's state (none: []). */
const cappedOf = (p: IngestPlan): string[] => (p.state?.capped ? JSON.parse(p.state.capped).series : []);
const fsNames = (c: SeriesCatalog) => [...c.columns.keys()].filter((n) => n.startsWith('fs:')).sort();

// The filesystem family's own columns (`fs:`); its other metrics (`fs.inodes:`) go with the same entity.
const fsDrops = (p: { dropColumns: { name: string; idx: number; before: number }[] }) => p.dropColumns.filter((d) => d.name.startsWith('fs:'));

describe('the ingest planner', () => {
  it('gives new series new columns and a schema, and leaves the catalog it was given untouched', () => {
    const catalog = emptyCatalog();
    const first = planIngest(of(['/']), now, DEFAULT_RETENTION, limits, catalog);
    expect(first.newColumns.map((c) => c.name)).toContain('fs:/');
    expect(first.newSchemas).toHaveLength(1);
    expect(catalog.columns.size).toBe(0);
    const again = planIngest(of(['/']), now, DEFAULT_RETENTION, limits, first.catalog);
    expect(again.newColumns).toEqual([]);
    expect(again.newSchemas).toEqual([]);
    expect(again.samples[0]!.schema).toBe(first.samples[0]!.schema);
  });

  it('keeps a family within its cap and says so; the batch is still planned', () => {
    const p = planIngest(of(['/a', '/b', '/c']), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(p.newColumns.filter((c) => c.name.startsWith('fs:')).map((c) => c.name)).toEqual(['fs:/a', 'fs:/b']);
    expect(JSON.parse(p.state!.capped!)).toEqual({ series: ['filesystems'], at: now });
    expect(p.samples).toHaveLength(1);
  });

  it('past the schema limit keeps a sample’s scalar series only in its raw record; its rollups get every column', () => {
    const mounts = Array.from({ length: 12 }, (_, i) => `/m${i}`);
    const many = Array.from({ length: MAX_SCHEMAS_PER_HOST + 5 }, (_, i) => mounts.filter((_, b) => ((i + 1) >> b) & 1));
    const p = planIngest(of(...many), now, DEFAULT_RETENTION, { ...limits, filesystems: 12 }, emptyCatalog());
    expect(cappedOf(p)).toContain('schemas');
    expect(p.newSchemas.length).toBeLessThanOrEqual(MAX_SCHEMAS_PER_HOST + 2);
    const fsColumns = new Set(p.newColumns.filter((c) => c.name.startsWith('fs:')).map((c) => c.idx));
    const last = p.samples.at(-1)!;
    const rawColumns = p.newSchemas.find((sc) => sc.id === last.schema)!.columns;
    expect(rawColumns.some((c) => fsColumns.has(c))).toBe(false);
    expect(rawColumns.length).toBeGreaterThan(15);
    expect(last.record).toBe(encodeUint(last.schema) + encodeUints(rawColumns.map((c) => last.values[last.columns.indexOf(c)]!)));
    expect(last.columns.filter((c) => fsColumns.has(c)).length).toBe(many.at(-1)!.length);
  });

  it('refuses a sample older than every tier (counted, sent nowhere) and sends a late one only to the tiers that keep it', () => {
    const p = planIngest(batch([sample(now - 400 * DAY), sample(now - 2 * DAY)]), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(p.tooOld).toBe(1);
    expect(p.keepsFrom).toBe(now - 365 * DAY);
    expect(p.samples).toHaveLength(1);
    expect(p.samples[0]!.targets.raw).toBe(false);
    expect(p.samples[0]!.snapshot).toBeUndefined();
  });

  it("gives the newest sample's snapshot and the state's one JSON text, and the state its own when another sample holds the slot", () => {
    const one = planIngest(batch([sample(now - 2_000)]), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(one.samples[0]!.snapshot).toBeDefined();
    expect(one.state!.snapshot).toBe(one.samples[0]!.snapshot);
    expect(JSON.parse(one.state!.snapshot).ts).toBe(now - 2_000);
    // Two samples in one minute slot: the older offers the slot's snapshot, the state keeps the newer one's.
    const slot = Math.floor((now - 2_000) / MINUTE) * MINUTE;
    const two = planIngest(batch([sample(slot + 1_000), sample(slot + 2_000)]), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(two.samples.map((s) => s.snapshot === undefined)).toEqual([false, true]);
    expect(JSON.parse(two.samples[0]!.snapshot!).ts).toBe(slot + 1_000);
    expect(JSON.parse(two.state!.snapshot).ts).toBe(slot + 2_000);
  });

  it('offers no snapshot for the slot the executor knows is filled, and still one for the next slot and for the state', () => {
    const slot = Math.floor((now - 70_000) / MINUTE) * MINUTE;
    const b = batch([sample(slot + 1_000), sample(slot + 2_000), sample(slot + MINUTE + 1_000)]);
    const p = planIngest(b, now, DEFAULT_RETENTION, limits, emptyCatalog(), slot / MINUTE);
    expect(p.samples.map((s) => s.snapshot === undefined)).toEqual([true, true, false]);
    expect(JSON.parse(p.samples[2]!.snapshot!).ts).toBe(slot + MINUTE + 1_000);
    expect(p.state!.snapshot).toBe(p.samples[2]!.snapshot);
    // The newest sample in the filled slot: the state still gets its snapshot.
    const filled = planIngest(batch([sample(slot + 1_000), sample(slot + 2_000)]), now, DEFAULT_RETENTION, limits, emptyCatalog(), slot / MINUTE);
    expect(filled.samples.every((s) => s.snapshot === undefined)).toBe(true);
    expect(JSON.parse(filled.state!.snapshot).ts).toBe(slot + 2_000);
  });

  it('takes the host state from the newest kept sample, and from none when every sample is refused (the host is not seen)', () => {
    const keptAndOld = planIngest(batch([sample(now - 2_000, { cpu: 20 }), sample(now - 400 * DAY, { cpu: 90 })]), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(keptAndOld.state?.ts).toBe(now - 2_000);
    expect(JSON.parse(keptAndOld.state!.latest).cpu.total).toBe(20);
    // A sample at ts 1 (1970) and one just past the longest tier: refused, and the host's state is left alone.
    const junk = planIngest(batch([sample(1), sample(now - 365 * DAY - 1)]), now, DEFAULT_RETENTION, limits, emptyCatalog());
    expect(junk).toMatchObject({ tooOld: 2, samples: [], state: null, newColumns: [], newSchemas: [] });
    // The oldest moment a tier keeps is kept.
    expect(planIngest(batch([sample(now - 365 * DAY)]), now, DEFAULT_RETENTION, limits, emptyCatalog()).tooOld).toBe(0);
  });
});

describe('the ingest planner: last-seen hours and eviction', () => {
  it('writes seen hours only when a batch arrives in a later hour: other batches change nothing and copy nothing', () => {
    const first = plan(at(now, ['/']), now, emptyCatalog());
    expect(first.seen.at).toBe(now);
    expect(first.seen.columns.sort()).toEqual(first.newColumns.map((c) => c.idx).sort());
    const same = plan(at(now + 50 * MINUTE, ['/']), now + 50 * MINUTE, first.catalog);
    expect(same.seen).toEqual({ at: now, columns: [], schemas: [] });
    expect(same.catalog).toBe(first.catalog);
    const next = plan(at(now + HOUR, ['/']), now + HOUR, first.catalog);
    expect(next.seen.at).toBe(now + HOUR);
    expect(next.seen.columns.sort()).toEqual(first.newColumns.map((c) => c.idx).sort());
    expect(next.seen.schemas).toEqual([first.newSchemas[0]!.id]);
    expect(next.newColumns).toEqual([]);
    expect(first.catalog.columnSeen.get(first.newColumns[0]!.idx)).toBe(now);
  });

  it('at a full family gives the slot of the entity unseen longest (past raw retention) to a new one, under a fresh id', () => {
    const t0 = plan(at(now, ['/a', '/b']), now, emptyCatalog());
    const t2 = plan(at(now + 2 * HOUR, ['/b']), now + 2 * HOUR, t0.catalog);
    const later = now + 26 * HOUR;
    const p = plan(at(later, ['/b', '/c']), later, t2.catalog);
    const oldA = t0.catalog.columns.get('fs:/a')!;
    expect(fsDrops(p)).toEqual([{ name: 'fs:/a', idx: oldA, before: seenCutoffs(later, DEFAULT_RETENTION).evict }]);
    const c = p.newColumns.find((n) => n.name === 'fs:/c')!;
    expect(c.idx).toBeGreaterThanOrEqual(t2.catalog.nextColumn); // fresh: fs.inodes:/c may take the first new id
    expect(p.state!.capped).toBeUndefined();
    expect(fsNames(p.catalog)).toEqual(['fs:/b', 'fs:/c']);
    expect(p.samples[0]!.columns).toContain(c.idx);
    // The entity that left comes back: it is new again, and never gets its old id.
    const back = plan(at(later + 26 * HOUR, ['/c', '/a']), later + 26 * HOUR, p.catalog);
    expect(fsDrops(back).map((d) => d.name)).toEqual(['fs:/b']);
    const a = back.newColumns.find((n) => n.name === 'fs:/a')!;
    expect(a.idx).not.toBe(oldA);
    expect(a.idx).toBeGreaterThan(c.idx);
  });

  it('never evicts an entity seen within raw retention: the new one is capped and the cap reported', () => {
    const t0 = plan(at(now, ['/a', '/b']), now, emptyCatalog());
    // Seen 23 hours ago (the last hour counted whole): not long enough.
    const p = plan(at(now + 24 * HOUR, ['/c']), now + 24 * HOUR, t0.catalog);
    expect(p.dropColumns).toEqual([]);
    expect(cappedOf(p)).toEqual(['filesystems']);
    expect(fsNames(p.catalog)).toEqual(['fs:/a', 'fs:/b']);
  });

  it('never evicts an entity that the same sample or an earlier one of the batch reports', () => {
    const t0 = plan(at(now, ['/a', '/b']), now, emptyCatalog());
    const later = now + 30 * HOUR;
    // /a has the lower id, so it would go first; its own sample names it before the new /c.
    const own = plan(at(later, ['/a', '/c']), later, t0.catalog);
    expect(fsDrops(own).map((d) => d.name)).toEqual(['fs:/b']);
    expect(own.samples[0]!.columns).toContain(t0.catalog.columns.get('fs:/a'));
    const earlier = plan(at(later, ['/c'], ['/a', '/b'], ['/d']), later, t0.catalog);
    expect(fsDrops(earlier).map((d) => d.name)).toEqual(['fs:/a']);
    // /b was a candidate when /c came, but the second sample reported it: /d is capped, not given /b's slot.
    expect(fsNames(earlier.catalog)).toEqual(['fs:/b', 'fs:/c']);
    expect(cappedOf(earlier)).toEqual(['filesystems']);
  });

  it('forgets entries unseen past every tier, family full or not, once an hour', () => {
    const roomy = { ...limits, filesystems: 10 };
    const t0 = plan(at(now, ['/a']), now, emptyCatalog(), roomy);
    const month = plan(at(now + 30 * DAY, []), now + 30 * DAY, t0.catalog, roomy);
    expect(month.dropColumns).toEqual([]);
    const year = now + 367 * DAY;
    const p = plan(at(year, []), year, month.catalog, roomy);
    expect(fsDrops(p).map((d) => d.name)).toEqual(['fs:/a']);
    expect(p.dropColumns[0]!.before).toBe(seenCutoffs(year, DEFAULT_RETENTION).forget);
    expect(p.dropSchemas.map((d) => d.id)).toEqual([t0.newSchemas[0]!.id]);
    expect(fsNames(p.catalog)).toEqual([]);
    expect(p.catalog.perMetric.get('fs')).toBe(0);
    const again = plan(at(year + MINUTE, []), year + MINUTE, p.catalog, roomy);
    expect(again.dropColumns).toEqual([]);
    expect(again.catalog).toBe(p.catalog);
  });

  it('stamps entries stored without a seen hour on their first batch, and gives ids past the stored next ones', () => {
    const catalog = catalogOf([['fs:/old', 3]], [[0, [3]]], { column: 10, schema: 4 });
    const p = plan(at(now, ['/new']), now, catalog, { ...limits, filesystems: 5 });
    expect(p.seen.columns).toContain(3);
    expect(p.seen.schemas).toContain(0);
    expect(Math.min(...p.newColumns.map((c) => c.idx))).toBe(10);
    expect(Math.min(...p.newSchemas.map((s) => s.id))).toBe(4);
    expect(p.dropColumns).toEqual([]);
  });

  it('at the schema cap evicts a schema unseen past raw retention, so a new combination keeps its series again', () => {
    const roomy = { ...limits, filesystems: 12 };
    const mounts = Array.from({ length: 12 }, (_, i) => `/m${i}`);
    const many = Array.from({ length: MAX_SCHEMAS_PER_HOST + 5 }, (_, i) => mounts.filter((_, b) => ((i + 1) >> b) & 1));
    const full = plan(of(...many), now, emptyCatalog(), roomy);
    expect(cappedOf(full)).toContain('schemas');
    const soon = plan(at(now + 2 * HOUR, mounts), now + 2 * HOUR, full.catalog, roomy);
    expect(cappedOf(soon)).toEqual(['schemas']);
    expect(soon.dropSchemas).toEqual([]);
    const later = now + 26 * HOUR;
    const p = plan(at(later, mounts), later, soon.catalog, roomy);
    expect(cappedOf(p)).toEqual([]);
    expect(p.dropSchemas).toHaveLength(1);
    expect(p.newSchemas).toHaveLength(1);
    expect(p.newSchemas[0]!.id).toBe(soon.catalog.nextSchema);
    expect(p.catalog.schemas.size).toBeLessThanOrEqual(soon.catalog.schemas.size);
    const fsColumns = new Set(mounts.map((m) => p.catalog.columns.get(`fs:${m}`)));
    expect(p.samples[0]!.columns.filter((c) => fsColumns.has(c))).toHaveLength(12);
  });
});
