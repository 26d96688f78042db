/** One point of a series: for the raw tier avg = min = max. */
export interface SeriesValue {
  avg: number;
  min: number;
  max: number;
}

/** A bucket (rollup tiers) or a sample (raw tier) with the value of each requested metric it holds: what a store read returns. */
export interface SeriesRow {
  /** Bucket start (rollups) or sample timestamp (raw). */
  t: number;
  values: Record<string, SeriesValue>;
}

/**
 * Store rows → chart-ready aligned arrays: one `t` array and, per metric,
 * `avg`, `min` and `max` arrays of the same length. Missing intervals are
 * null (a gap), never interpolated.
 */

export type Column = (number | null)[];
export interface SeriesColumns {
  avg: Column;
  min: Column;
  max: Column;
}
export interface AlignedSeries {
  stepMs: number;
  t: number[];
  series: Record<string, SeriesColumns>;
}

function emptyColumns(metrics: string[], length: number): Record<string, SeriesColumns> {
  const out: Record<string, SeriesColumns> = {};
  for (const m of metrics) {
    out[m] = { avg: new Array(length).fill(null), min: new Array(length).fill(null), max: new Array(length).fill(null) };
  }
  return out;
}

/**
 * Rollup rows on an epoch-aligned grid of `stepMs` covering [from, to]. When
 * `stepMs` is a multiple of the tier's bucket, the buckets inside one point
 * merge: min of mins, max of maxes, mean of the bucket averages (buckets
 * carry no sample counts, so each bucket weighs the same).
 */
export function alignToGrid(rows: SeriesRow[], metrics: string[], from: number, to: number, stepMs: number): AlignedSeries {
  const start = from - (from % stepMs);
  const length = Math.floor((to - start) / stepMs) + 1;
  const t = Array.from({ length }, (_, i) => start + i * stepMs);
  const series = emptyColumns(metrics, length);
  const counts: Record<string, Uint32Array> = {};
  for (const m of metrics) counts[m] = new Uint32Array(length);
  for (const row of rows) {
    const i = Math.floor((row.t - start) / stepMs);
    if (i < 0 || i >= length) continue;
    for (const m of metrics) {
      const v = row.values[m];
      if (!v) continue;
      const col = series[m]!;
      const n = counts[m]![i]!;
      col.avg[i] = n === 0 ? v.avg : (col.avg[i]! * n + v.avg) / (n + 1);
      col.min[i] = n === 0 ? v.min : Math.min(col.min[i]!, v.min);
      col.max[i] = n === 0 ? v.max : Math.max(col.max[i]!, v.max);
      counts[m]![i] = n + 1;
    }
  }
  return { stepMs, t, series };
}

function medianSpacing(rows: SeriesRow[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) gaps.push(rows[i]!.t - rows[i - 1]!.t);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

/**
 * Raw samples keep their own timestamps (collector clocks jitter, so a grid
 * would invent gaps). Where two samples are more than 2.5 typical spacings
 * apart, a null point marks the outage. If that would exceed `points`
 * (a host sampled every second while watched), the samples go on a grid
 * at least twice their spacing wide instead.
 */
export function alignRaw(rows: SeriesRow[], metrics: string[], from: number, to: number, points: number, nominalMs: number): AlignedSeries {
  const spacing = medianSpacing(rows) || nominalMs;
  const threshold = 2.5 * spacing;
  const t: number[] = [];
  const series = emptyColumns(metrics, 0);
  const push = (time: number, row: SeriesRow | null) => {
    t.push(time);
    for (const m of metrics) {
      const v = row?.values[m];
      const col = series[m]!;
      col.avg.push(v ? v.avg : null);
      col.min.push(v ? v.min : null);
      col.max.push(v ? v.max : null);
    }
  };
  for (let i = 0; i < rows.length && t.length <= points; i++) {
    const row = rows[i]!;
    if (i > 0 && row.t - rows[i - 1]!.t > threshold) push(rows[i - 1]!.t + spacing, null);
    push(row.t, row);
  }
  if (t.length <= points) return { stepMs: spacing, t, series };
  let step = Math.ceil(Math.max(2 * spacing, (to - from) / points) / 1000) * 1000;
  while (Math.floor(to / step) - Math.floor(from / step) + 1 > points) step += 1000;
  return alignToGrid(rows, metrics, from, to, step);
}
