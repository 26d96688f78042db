import type { SeriesRow, SeriesValue } from '@/lib/metrics/align';
import { familyPart } from '@/lib/metrics/registry';
import { entityFilter } from './entity-pattern';
import { advance, staleGapOf, type Judge } from './advance';
import type { AlertRule, AlertState, MetricCondition } from './schemas';
import { backtestUnavailable, isFamilySignal, signalByName, type HistoryContext, type Signal } from './signals';
import { judgeOf } from './transition';

/**
 * "How often would this rule have fired last week?" — answered by feeding
 * stored history (1-minute rollups or raw rows, one host) through the same
 * state machine live judging uses (advance.ts). A row is one value: its
 * avg, max or min as the rule aggregates, and a windowed rule folds the
 * row's avg as one value and its min and max as they are, so on rollups the
 * answer is the minute-resolution approximation of the live one. Rules
 * whose inputs history does not keep say so in `unavailable`. Pure.
 */

export interface BacktestPeriod {
  from: number;
  /** null: still firing at the end of the range. */
  to: number | null;
  entity: string;
  /** The worst value compared while firing (highest for "above", lowest for "below"); for host down the longest silence in ms. */
  peak: number;
}

export interface BacktestResult {
  /** Firing transitions inside [from, to]. */
  fired: number;
  /** Time spent firing inside [from, to], summed over entities. */
  firingMs: number;
  /** Firing periods overlapping [from, to], oldest first (at most MAX_BACKTEST_PERIODS). */
  periods: BacktestPeriod[];
  /** More periods than listed. */
  truncated?: true;
  /** Why this rule cannot be backtested from stored history. */
  unavailable?: string;
}

export interface BacktestOptions extends HistoryContext {
  /** How long one row covers: 60 000 for 1-minute rollups, 0 (the default) for raw samples. */
  rowMs?: number;
}

export const MAX_BACKTEST_PERIODS = 500;
type BacktestRule = Pick<AlertRule, 'condition' | 'forMs'>;

const NOT_KEPT: Record<string, string> = {
  process_missing: 'process counts per pattern are not kept in history',
  dropping: 'dropped-sample reports are not kept in history',
  clock_skew: 'clock offsets are not kept in history',
};

/** The stored series a backtest of `rule` reads, among the host's `seriesNames`. */
export function seriesNeeded(rule: BacktestRule, seriesNames: readonly string[]): string[] {
  const c = rule.condition;
  const have = new Set(seriesNames);
  if (c.kind === 'host_down') return have.has('cpu.total') ? ['cpu.total'] : seriesNames.slice(0, 1); // any series marks a report
  if (c.kind !== 'metric') return [];
  const signal = signalByName(c.signal);
  if (!signal || ((c.entity !== undefined || c.entityPattern !== undefined) && !isFamilySignal(signal))) return [];
  const only = entityFilter(c);
  const h = signal.history;
  if (h.kind === 'series') return have.has(h.series) ? [h.series] : [];
  if (h.kind === 'derived') return h.needs.filter((n) => have.has(n));
  if (h.kind === 'none') return [];
  return seriesNames.filter((n) => {
    const part = familyPart(n);
    return part !== null && part.metric === h.metric && (only === undefined || only(part.entity));
  });
}

/** The signal's value of each entity in one row. */
function rowPoints(signal: Signal, c: MetricCondition, row: SeriesRow, ctx: HistoryContext): [string, SeriesValue][] {
  const h = signal.history;
  if (h.kind === 'series') return row.values[h.series] ? [['', row.values[h.series]!]] : [];
  if (h.kind === 'derived') {
    const v = h.compute(row.values, ctx);
    return v ? [['', v]] : [];
  }
  if (h.kind === 'none') return [];
  const out: [string, SeriesValue][] = [];
  const only = entityFilter(c);
  for (const [name, v] of Object.entries(row.values)) {
    const part = familyPart(name);
    if (part && part.metric === h.metric && (only === undefined || only(part.entity))) out.push([part.entity, v]);
  }
  return out;
}

function medianSpacing(rows: readonly SeriesRow[]): number {
  const gaps = rows.slice(1).map((r, i) => r.t - rows[i]!.t).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

class Periods {
  readonly list: BacktestPeriod[] = [];
  fired = 0;
  firingMs = 0;
  truncated = false;
  constructor(private readonly from: number, private readonly to: number) {}

  add(p: BacktestPeriod): void {
    const end = Math.min(p.to ?? this.to, this.to);
    if (end < this.from || p.from > this.to) return;
    if (p.from >= this.from) this.fired++;
    this.firingMs += Math.max(0, end - Math.max(p.from, this.from));
    if (this.list.length < MAX_BACKTEST_PERIODS) this.list.push(p);
    else this.truncated = true;
  }

  result(): BacktestResult {
    const periods = [...this.list].sort((a, b) => a.from - b.from || (a.entity < b.entity ? -1 : 1));
    return { fired: this.fired, firingMs: this.firingMs, periods, ...(this.truncated ? { truncated: true as const } : {}) };
  }
}

function backtestMetric(rule: BacktestRule & { condition: MetricCondition }, signal: Signal, rows: readonly SeriesRow[], from: number, to: number, opts: BacktestOptions): BacktestResult {
  const judge: Judge = judgeOf(rule);
  const gap = staleGapOf(Math.max(opts.rowMs ?? 0, medianSpacing(rows)));
  const states = new Map<string, AlertState>();
  const open = new Map<string, BacktestPeriod>();
  const out = new Periods(from, to);
  const worse = (a: number, b: number) => (judge.op === 'above' ? Math.max(a, b) : Math.min(a, b));
  for (const row of rows) {
    if (row.t > to) break;
    for (const [entity, point] of rowPoints(signal, rule.condition, row, opts)) {
      const prev = states.get(entity);
      if (prev && row.t <= prev.evaluatedAt) continue;
      const step = advance(prev, { ruleId: '', hostId: '', entity }, row.t, point, judge, gap);
      if (!step) continue;
      states.set(entity, step.state);
      const value = step.state.value!;
      const period = open.get(entity);
      if (step.change === 'firing') open.set(entity, { from: row.t, to: null, entity, peak: value });
      else if (step.change === 'resolved' && period) {
        out.add({ ...period, to: row.t });
        open.delete(entity);
      } else if (period) period.peak = worse(period.peak, value);
    }
  }
  for (const p of open.values()) out.add(p);
  return out.result();
}

/** Host down from history: a silence between two rows longer than afterMs (each row covering rowMs). */
function backtestHostDown(afterMs: number, rows: readonly SeriesRow[], from: number, to: number, rowMs: number): BacktestResult {
  const out = new Periods(from, to);
  let lastEnd: number | null = null;
  for (const row of rows) {
    if (row.t > to) break;
    if (lastEnd !== null && row.t - lastEnd > afterMs) out.add({ from: lastEnd + afterMs, to: row.t, entity: '', peak: row.t - lastEnd });
    lastEnd = Math.max(lastEnd ?? row.t, row.t + rowMs);
  }
  if (lastEnd !== null && to - lastEnd > afterMs) out.add({ from: lastEnd + afterMs, to: null, entity: '', peak: to - lastEnd });
  return out.result();
}

const unavailable = (reason: string): BacktestResult => ({ fired: 0, firingMs: 0, periods: [], unavailable: reason });

/**
 * Replays `history` (rows of one host, any order; pass [from − windowMs, to]
 * so the first values have their window) and reports the firing periods in
 * [from, to].
 */
export function backtest(rule: BacktestRule, history: readonly SeriesRow[], from: number, to: number, opts: BacktestOptions = {}): BacktestResult {
  const rows = [...history].sort((a, b) => a.t - b.t);
  const c = rule.condition;
  if (c.kind === 'host_down') return backtestHostDown(c.afterMs, rows, from, to, opts.rowMs ?? 0);
  if (c.kind !== 'metric') return unavailable(`not available for this condition: ${NOT_KEPT[c.kind]}`);
  const signal = signalByName(c.signal);
  if (!signal) return unavailable(`not available: unknown signal "${c.signal}"`);
  if (c.entity !== undefined && !isFamilySignal(signal)) return unavailable(`not available: ${signal.name} has no entities`);
  const reason = backtestUnavailable(signal, opts);
  if (reason) return unavailable(`not available for this signal: ${reason}`);
  return backtestMetric({ ...rule, condition: c }, signal, rows, from, to, opts);
}
