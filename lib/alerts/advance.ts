import type { SeriesValue } from '@/lib/metrics/align';
import type { AlertState } from './schemas';
import { aggregateWindow, foldWindow } from './window';

/**
 * One step of the state machine: a state and one fresh value → the next
 * state and whether it fired or resolved. Shared by live judging
 * (evaluate.ts) and the backtest, so both tell the same story.
 *
 *   ok ──breach──► pending ──breach, held ≥ forMs──► firing ──past clear──► ok
 *    ▲               │ (forMs 0: straight to firing)    │
 *    └──no breach────┘                                  └─ between threshold and clear: stays firing
 *
 * Hysteresis: "above" breaches when value > threshold and resolves only when
 * value ≤ clear (clear ≤ threshold); "below" mirrors it. Only pending
 * ends when values go missing: a gap longer than `staleGapMs` between two
 * judged values restarts the for-duration (nothing said the condition held
 * meanwhile), while a firing alert never resolves on absence.
 */

export interface Judge {
  op: 'above' | 'below';
  threshold: number;
  clear: number;
  forMs: number;
  windowMs: number;
  aggregate: 'avg' | 'max' | 'min';
}

export interface StateKey {
  ruleId: string;
  hostId: string;
  entity: string;
}

const MIN_STALE_GAP_MS = 5 * 60_000;

/** A pending condition whose values stop for longer than this (3 sample intervals, at least 5 min) starts its for-duration again. */
export const staleGapOf = (intervalMs: number) => Math.max(MIN_STALE_GAP_MS, 3 * intervalMs);

export type Step = { state: AlertState; change: 'firing' | 'resolved' | null };

/** The value a point gives under the judge: windowed, the window's aggregate; otherwise the point's own (a rollup row's avg, max or min). */
function valueOf(judge: Judge, point: SeriesValue, buckets: AlertState['window']): number | undefined {
  return judge.windowMs > 0 ? aggregateWindow(buckets, judge.aggregate) : point[judge.aggregate];
}

export const breaches = (judge: Judge, v: number) => (judge.op === 'above' ? v > judge.threshold : v < judge.threshold);
export const cleared = (judge: Judge, v: number) => (judge.op === 'above' ? v <= judge.clear : v >= judge.clear);

export function newState(key: StateKey, ts: number): AlertState {
  return { ...key, status: 'ok', since: ts, evaluatedAt: ts, value: null, window: [], notifiedAt: null, acknowledgedBy: null, seq: 0, version: 0 };
}

/**
 * Advances `prev` (or a fresh ok state) by the point at `ts`. The caller has
 * already refused values at or before `prev.evaluatedAt` (out of order).
 * Returns null when the point yields no value (an empty window).
 */
export function advance(prev: AlertState | undefined, key: StateKey, ts: number, point: SeriesValue, judge: Judge, staleGapMs: number): Step | null {
  const base = prev ?? newState(key, ts);
  const window = judge.windowMs > 0 ? foldWindow(base.window, ts, point, judge.windowMs) : [];
  const value = valueOf(judge, point, window);
  if (value === undefined || !Number.isFinite(value)) return null;
  const s: AlertState = { ...base, window, value, evaluatedAt: ts };
  const breach = breaches(judge, value);

  if (base.status === 'firing') {
    if (!cleared(judge, value)) return { state: s, change: null };
    return { state: { ...s, status: 'ok', since: ts, seq: base.seq + 1, notifiedAt: null, acknowledgedBy: null }, change: 'resolved' };
  }
  if (!breach) return { state: base.status === 'ok' ? s : { ...s, status: 'ok', since: ts }, change: null };

  // A pending state whose last value is too old starts its for-duration again at this value.
  const gap = prev !== undefined && ts - prev.evaluatedAt > staleGapMs;
  const pendingSince = base.status === 'pending' && !gap ? base.since : ts;
  if (ts - pendingSince >= judge.forMs) {
    return { state: { ...s, status: 'firing', since: ts, seq: base.seq + 1, acknowledgedBy: null }, change: 'firing' };
  }
  return { state: { ...s, status: 'pending', since: pendingSince }, change: null };
}
