import type { AlignedSeries, Column } from '@/lib/metrics/align';
import { formatTick } from '@/lib/format';

/**
 * The series API's aligned arrays → the rows a chart draws. Keys are made
 * safe for Recharts (a dotted dataKey would be read as a nested path), a
 * band key holds [min, max] for the min–max area on rollup ranges, and
 * nulls stay null so offline time shows as a gap.
 */

export interface SeriesAnswer extends AlignedSeries {
  tier: string;
  from: number;
  to: number;
  /** How far back the server keeps raw samples and process lists (HOSTWATCH_RETENTION_RAW_HOURS). */
  processesKeptMs: number;
  /**
   * Only on an answer with no point at all: the earliest time the store has
   * data of this host (null: none, it never reported), so an empty chart can
   * say why it is empty.
   */
  earliest?: number | null;
}

export type ChartRow = { t: number } & Record<string, number | null | [number, number]>;

export function dataKey(metric: string): string {
  return metric.replace(/[^A-Za-z0-9]/g, '_');
}

export function bandKey(metric: string): string {
  return `${dataKey(metric)}__band`;
}

export interface RowOptions {
  /** Metrics that get a [min, max] band next to their average. */
  bands?: string[];
  /** Per-metric factor applied to avg, min and max (e.g. bytes → % of total). */
  scale?: Record<string, number>;
}

/** Rollup tiers carry real min and max; raw samples have avg = min = max, so no band. */
export function hasBands(answer: Pick<SeriesAnswer, 'tier'>): boolean {
  return answer.tier !== 'raw';
}

export function toChartRows(answer: AlignedSeries, metrics: string[], opts: RowOptions = {}): ChartRow[] {
  const bands = new Set(opts.bands ?? []);
  const rows: ChartRow[] = new Array(answer.t.length);
  for (let i = 0; i < answer.t.length; i++) {
    const row: ChartRow = { t: answer.t[i]! };
    for (const m of metrics) {
      const col = answer.series[m];
      const factor = opts.scale?.[m] ?? 1;
      const avg = col?.avg[i] ?? null;
      row[dataKey(m)] = avg === null ? null : avg * factor;
      if (bands.has(m)) {
        const lo = col?.min[i] ?? null;
        const hi = col?.max[i] ?? null;
        row[bandKey(m)] = lo === null || hi === null ? null : [lo * factor, hi * factor];
      }
    }
    rows[i] = row;
  }
  return rows;
}

export interface ColumnStats {
  latest: number | null;
  min: number | null;
  max: number | null;
  avg: number | null;
  /** Points with a value. */
  count: number;
}

export function columnStats(avg: Column, min: Column = avg, max: Column = avg): ColumnStats {
  let sum = 0;
  let count = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  let latest: number | null = null;
  for (let i = 0; i < avg.length; i++) {
    const v = avg[i];
    if (v === null || v === undefined) continue;
    sum += v;
    count++;
    latest = v;
    const a = min[i] ?? v;
    const b = max[i] ?? v;
    lo = lo === null || a < lo ? a : lo;
    hi = hi === null || b > hi ? b : hi;
  }
  return { latest, min: lo, max: hi, avg: count > 0 ? sum / count : null, count };
}

/**
 * A chart's text alternative: "CPU user: latest 12 %, average 23 %, range 1 % to 80 %."
 * per series; "no data in this range" when empty.
 */
export function describeSeries(label: string, stats: ColumnStats, format: (n: number | null) => string): string {
  if (stats.count === 0) return `${label}: no data in this range.`;
  return `${label}: latest ${format(stats.latest)}, average ${format(stats.avg)}, from ${format(stats.min)} to ${format(stats.max)}.`;
}

/** Share of points that are gaps, for "the host was offline for part of this range". */
export function gapShare(col: Column): number {
  if (col.length === 0) return 0;
  let gaps = 0;
  for (const v of col) if (v === null) gaps++;
  return gaps / col.length;
}

/** 1, 2, 2.5 or 5 times a power of ten: the step nearest above `raw`. */
function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
}

/**
 * Y-axis ticks from 0 to at least `max`, about `count` of them, on round
 * numbers: binary ones for bytes (512 MiB, 1 GiB, 1.5 GiB) so that the
 * axis labels read as cleanly as the values.
 */
export function niceTicks(max: number, binary: boolean, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const base = binary ? 1024 ** Math.max(0, Math.floor(Math.log(max) / Math.log(1024))) : 1;
  const scaled = max / base;
  const step = niceStep(scaled / count);
  const n = Math.max(1, Math.ceil(scaled / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)) * base);
}

/** The largest value any of `metrics` reaches in the answer (band tops included), or 0. */
export function seriesMax(answer: AlignedSeries, metrics: string[]): number {
  let max = 0;
  for (const m of metrics) {
    const col = answer.series[m];
    if (!col) continue;
    for (const v of col.max) if (v !== null && v > max) max = v;
  }
  return max;
}

const present = (v: unknown) => v !== null && v !== undefined;

/**
 * Whether point `i` of a line has a value and neither neighbour has: a line
 * through one point has no length and draws nothing, so such a point gets a
 * dot (a new host's first minute, the newest bucket after a gap).
 */
export function isLonePoint(valueAt: (i: number) => unknown, i: number, length: number): boolean {
  if (!present(valueAt(i))) return false;
  return !(i > 0 && present(valueAt(i - 1))) && !(i + 1 < length && present(valueAt(i + 1)));
}

/** Whether any of `metrics` has a value anywhere in the answer. */
export function hasAnyValue(answer: Pick<AlignedSeries, 'series'>, metrics: readonly string[]): boolean {
  return metrics.some((m) => answer.series[m]?.avg.some((v) => v !== null) ?? false);
}

/**
 * What a chart with nothing to draw says instead of an empty grid, or null
 * when it has something. The host's earliest data tells the cases apart:
 * never reported; collecting only since after this range began ("yet"); or
 * data older than the range, so this range really has none.
 */
export function emptyChartMessage(
  answer: Pick<SeriesAnswer, 'series' | 'from' | 'to' | 'earliest'>,
  metrics: readonly string[],
  utc = false,
): string | null {
  if (hasAnyValue(answer, metrics)) return null;
  const { earliest } = answer;
  if (earliest === null) return 'No data yet — waiting for the first report';
  if (earliest === undefined || earliest < answer.from) return 'No data in this range';
  // Minutes when it began within two days of the range's end (before or after it), the date too when further away.
  const since = formatTick(earliest, Math.max(11 * 60_000, Math.abs(answer.to - earliest)), utc);
  return `No data in this range yet — collecting since ${since}`;
}
