import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS } from '@/lib/metrics/registry';
import { DAY, DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { applyPlan, catalogOf, MAX_SCHEMAS_PER_HOST, planIngest } from '@/lib/store/ingest-plan';
import type { IngestBatch } from '@/lib/store/types';
import { batch, sample } from '../../integration/store/sample';

const now = Date.UTC(2026, 5, 1, 12);
const limits = { ...DEFAULT_SERIES_LIMITS, filesystems: 2 };
const of = (...mounts: string[][]): IngestBatch => batch(mounts.map((m, i) => sample(now - 10_000 + i * 1_000, { filesystems: Object.fromEntries(m.map((x) => [x, 10])) })));

describe('the ingest planner', () => {
  it('gives new series new columns and a schema, and leaves the catalog it was given untouched', () => {
    const catalog = catalogOf([], []);
    const plan = planIngest(of(['/']), now, DEFAULT_RETENTION, limits, catalog);
    expect(plan.newColumns.map((c) => c.name)).toContain('fs:/');
    expect(plan.newSchemas).toHaveLength(1);
    expect(catalog.columns.size).toBe(0);
    applyPlan(catalog, plan);
    const again = planIngest(of(['/']), now, DEFAULT_RETENTION, limits, catalog);
    expect(again.newColumns).toEqual([]);
    expect(again.newSchemas).toEqual([]);
    expect(again.samples[0]!.schema).toBe(plan.samples[0]!.schema);
  });

  it('keeps a family within its cap and says so; the batch is still planned', () => {
    const plan = planIngest(of(['/a', '/b', '/c']), now, DEFAULT_RETENTION, limits, catalogOf([], []));
    expect(plan.newColumns.filter((c) => c.name.startsWith('fs:')).map((c) => c.name)).toEqual(['fs:/a', 'fs:/b']);
    expect(plan.capped).toEqual(['filesystems']);
    expect(plan.samples).toHaveLength(1);
  });

  it('past the schema limit keeps a sample’s scalar series only', () => {
    const mounts = Array.from({ length: 12 }, (_, i) => `/m${i}`);
    const many = Array.from({ length: MAX_SCHEMAS_PER_HOST + 5 }, (_, i) => mounts.filter((_, b) => ((i + 1) >> b) & 1));
    const plan = planIngest(of(...many), now, DEFAULT_RETENTION, { ...limits, filesystems: 12 }, catalogOf([], []));
    expect(plan.capped).toContain('schemas');
    expect(plan.newSchemas.length).toBeLessThanOrEqual(MAX_SCHEMAS_PER_HOST + 2);
    const fsColumns = new Set(plan.newColumns.filter((c) => c.name.startsWith('fs:')).map((c) => c.idx));
    const last = plan.samples.at(-1)!;
    expect(last.columns.some((c) => fsColumns.has(c))).toBe(false);
    expect(last.columns.length).toBeGreaterThan(15);
  });

  it('sends a sample older than every tier nowhere, counted as accepted, and a late one only to the tiers that keep it', () => {
    const plan = planIngest(batch([sample(now - 400 * DAY), sample(now - 2 * DAY)]), now, DEFAULT_RETENTION, limits, catalogOf([], []));
    expect(plan.tooOld).toBe(1);
    expect(plan.samples).toHaveLength(1);
    expect(plan.samples[0]!.targets.raw).toBe(false);
    expect(plan.samples[0]!.snapshot).toBeUndefined();
  });
});
