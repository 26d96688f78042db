import type { SeriesValue } from '@/lib/metrics/align';
import type { MinuteBucket } from './schemas';

/**
 * The per-minute buckets a windowed condition keeps in its state, so that a
 * window of up to 60 minutes costs at most 61 small tuples whatever the
 * sample rate: [minuteStart, sum, count, min, max]. A bucket belongs to the
 * window (ts − windowMs, ts] when any part of its minute does, so a window
 * holds its whole minutes plus the partial oldest one. A sample folds in as
 * one value (avg = min = max); a stored rollup row folds in its avg as one
 * value and its min and max as they are, which is how a backtest feeds the
 * same machine. Pure.
 */

export const MINUTE_MS = 60_000;

/** The buckets after folding `point` at `ts` in and dropping what the window no longer covers. */
export function foldWindow(buckets: readonly MinuteBucket[], ts: number, point: SeriesValue, windowMs: number): MinuteBucket[] {
  const minute = Math.floor(ts / MINUTE_MS) * MINUTE_MS;
  const oldest = ts - windowMs;
  const out: MinuteBucket[] = buckets.filter((b) => b[0] + MINUTE_MS > oldest && b[0] <= minute);
  const last = out.at(-1);
  if (last && last[0] === minute) {
    out[out.length - 1] = [minute, last[1] + point.avg, last[2] + 1, Math.min(last[3], point.min), Math.max(last[4], point.max)];
  } else {
    out.push([minute, point.avg, 1, point.min, point.max]);
  }
  return out;
}

/** The one value a window compares: the mean of every value in it, or its max / min. */
export function aggregateWindow(buckets: readonly MinuteBucket[], aggregate: 'avg' | 'max' | 'min'): number | undefined {
  if (buckets.length === 0) return undefined;
  if (aggregate === 'max') return Math.max(...buckets.map((b) => b[4]));
  if (aggregate === 'min') return Math.min(...buckets.map((b) => b[3]));
  let sum = 0;
  let count = 0;
  for (const b of buckets) {
    sum += b[1];
    count += b[2];
  }
  return count > 0 ? sum / count : undefined;
}
