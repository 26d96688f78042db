import { describe, expect, it } from 'vitest';
import type { SeriesRow } from '@/lib/store/types';
import { alignRaw, alignToGrid } from '@/lib/metrics/align';

const v = (avg: number, min = avg, max = avg) => ({ avg, min, max });
const M = 60_000;

describe('alignToGrid', () => {
  it('puts buckets on their grid slots and leaves missing ones null', () => {
    const rows: SeriesRow[] = [
      { t: 0, values: { a: v(1, 0, 2), b: v(10) } },
      { t: 2 * M, values: { a: v(3, 2, 4) } },
    ];
    const out = alignToGrid(rows, ['a', 'b'], 0, 3 * M, M);
    expect(out.t).toEqual([0, M, 2 * M, 3 * M]);
    expect(out.series.a).toEqual({ avg: [1, null, 3, null], min: [0, null, 2, null], max: [2, null, 4, null] });
    expect(out.series.b!.avg).toEqual([10, null, null, null]);
  });

  it('starts at the bucket that holds `from`', () => {
    const out = alignToGrid([{ t: M, values: { a: v(5) } }], ['a'], M + 30_000, 3 * M - 1, M);
    expect(out.t).toEqual([M, 2 * M]);
    expect(out.series.a!.avg).toEqual([5, null]);
  });

  it('merges several buckets into one wider point: mean of averages, min of mins, max of maxes', () => {
    const rows: SeriesRow[] = [
      { t: 0, values: { a: v(2, 1, 3) } },
      { t: M, values: { a: v(4, 0, 9) } },
      { t: 3 * M, values: { a: v(7, 7, 7) } },
    ];
    const out = alignToGrid(rows, ['a'], 0, 3 * M, 2 * M);
    expect(out.t).toEqual([0, 2 * M]);
    expect(out.series.a).toEqual({ avg: [3, 7], min: [0, 7], max: [9, 7] });
  });

  it('ignores rows outside the window', () => {
    const out = alignToGrid([{ t: 10 * M, values: { a: v(1) } }], ['a'], 0, M, M);
    expect(out.series.a!.avg).toEqual([null, null]);
  });
});

describe('alignRaw', () => {
  const S = 5_000;
  const row = (t: number, a: number): SeriesRow => ({ t, values: { a: v(a) } });

  it('keeps sample timestamps (jitter and all) without inventing gaps', () => {
    const rows = [row(0, 1), row(S + 3, 2), row(2 * S - 2, 3), row(3 * S + 1, 4)];
    const out = alignRaw(rows, ['a'], 0, 4 * S, 600, S);
    expect(out.t).toEqual([0, S + 3, 2 * S - 2, 3 * S + 1]);
    expect(out.series.a!.avg).toEqual([1, 2, 3, 4]);
  });

  it('marks an outage with a null point instead of joining across it', () => {
    const rows = [row(0, 1), row(S, 2), row(2 * S, 3), row(10 * S, 4), row(11 * S, 5)];
    const out = alignRaw(rows, ['a'], 0, 12 * S, 600, S);
    expect(out.series.a!.avg).toEqual([1, 2, 3, null, 4, 5]);
    expect(out.t[3]).toBe(3 * S);
  });

  it('falls back to a grid when there are more samples than points', () => {
    const rows = Array.from({ length: 600 }, (_, i) => row(i * 1000, i));
    const out = alignRaw(rows, ['a'], 0, 599_999, 100, 5_000);
    expect(out.t.length).toBeLessThanOrEqual(100);
    expect(out.series.a!.avg.every((x) => x !== null)).toBe(true);
    expect(out.series.a!.max.at(-1)).toBe(599);
  });

  it('gives empty arrays when there is no data', () => {
    expect(alignRaw([], ['a'], 0, 10 * S, 600, S)).toEqual({ stepMs: S, t: [], series: { a: { avg: [], min: [], max: [] } } });
  });
});
