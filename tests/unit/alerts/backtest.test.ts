import { describe, expect, it } from 'vitest';
import { backtest, MAX_BACKTEST_PERIODS, seriesNeeded } from '@/lib/alerts/backtest';
import type { SeriesRow } from '@/lib/metrics/align';
import { cpuAt, cpuRule, MIN, rule, Run, T0 } from './fixtures';

const m = (minute: number) => T0 + minute * MIN;
const v = (avg: number, min = avg, max = avg) => ({ avg, min, max });
/** One-minute rollup rows of cpu.total from a list of minute averages (null: no row, the host was silent). */
const cpuRows = (avgs: (number | null)[]): SeriesRow[] => avgs.flatMap((a, i) => (a === null ? [] : [{ t: m(i), values: { 'cpu.total': v(a) } }]));

describe('backtest of metric rules', () => {
  it('tells the same story as live judging when fed the raw samples', () => {
    const r = cpuRule({ threshold: 80, clear: 70 }, { forMs: 2 * MIN });
    const values = [50, 85, 90, 95, 75, 72, 65, 85, 88, 91, 95, 99, 40];
    const live = new Run(r);
    live.batch(values.map((x, i) => cpuAt(m(i), x)));
    const bt = backtest(r, values.map((x, i) => ({ t: m(i), values: { 'cpu.total': v(x) } })), m(0), m(values.length));
    const liveFirings = live.all[0]!.transitions.filter((t) => t.kind === 'firing').map((t) => t.event.at);
    const liveResolves = live.all[0]!.transitions.filter((t) => t.kind === 'resolved').map((t) => t.event.at);
    expect(bt.periods.map((p) => p.from)).toEqual(liveFirings);
    expect(bt.periods.map((p) => p.to)).toEqual(liveResolves);
    expect(bt.periods).toEqual([
      { from: m(3), to: m(6), entity: '', peak: 95 },
      { from: m(9), to: m(12), entity: '', peak: 99 },
    ]);
    expect(bt).toMatchObject({ fired: 2, firingMs: 6 * MIN });
  });

  it('reports a period still firing at the end as open and clips time to [from, to]', () => {
    const r = cpuRule();
    const rows = cpuRows([95, 95, 10, 95, 95, 95]);
    const bt = backtest(r, rows, m(1), m(10));
    expect(bt.periods).toEqual([
      { from: m(0), to: m(2), entity: '', peak: 95 },
      { from: m(3), to: null, entity: '', peak: 95 },
    ]);
    // The first period began before `from`: it counts its time inside only, and not as a firing inside.
    expect(bt.fired).toBe(1);
    expect(bt.firingMs).toBe(MIN + 7 * MIN);
    expect(backtest(r, rows, m(3), m(4)).firingMs).toBe(MIN);
  });

  it('without a window a rollup row is compared by the rule aggregate: avg by default, max or min when asked', () => {
    const rows: SeriesRow[] = [{ t: m(0), values: { 'cpu.total': v(50, 10, 99) } }];
    expect(backtest(cpuRule(), rows, m(0), m(1)).fired).toBe(0);
    expect(backtest(cpuRule({ aggregate: 'max' }), rows, m(0), m(1)).fired).toBe(1);
    expect(backtest(cpuRule({ op: 'below', threshold: 20, aggregate: 'min' }), rows, m(0), m(1)).fired).toBe(1);
  });

  it('a windowed rule folds rollup rows into the same minute buckets', () => {
    const r = cpuRule({ threshold: 60, windowMs: 3 * MIN });
    // Windows of 3 minutes plus the partial oldest minute average 50, 60, 60, 70, 80: above 60 from minute 3 on.
    const bt = backtest(r, cpuRows([50, 70, 60, 100, 90]), m(0), m(5));
    expect(bt.periods.map((p) => p.from)).toEqual([m(3)]);
    expect(bt.periods[0]!.peak).toBeCloseTo(80);
  });

  it('family rules judge each entity from its fs:<mount> series, or the one asked for', () => {
    const rows: SeriesRow[] = [0, 1, 2].map((i) => ({ t: m(i), values: { 'fs:/': v(50 + i * 25), 'fs:/var': v(95), 'cpu.total': v(1) } }));
    const all = backtest(rule({ condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 90 } }), rows, m(0), m(3));
    expect(all.periods.map((p) => [p.entity, p.from])).toEqual([['/var', m(0)], ['/', m(2)]]);
    const one = rule({ condition: { kind: 'metric', signal: 'fs', entity: '/', op: 'above', threshold: 90 } });
    expect(backtest(one, rows, m(0), m(3)).periods.map((p) => p.entity)).toEqual(['/']);
    expect(seriesNeeded(one, ['cpu.total', 'fs:/', 'fs:/var'])).toEqual(['fs:/']);
    expect(seriesNeeded(rule({ condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 90 } }), ['cpu.total', 'fs:/', 'fs:/var', 'disk.read:sda'])).toEqual(['fs:/', 'fs:/var']);
  });

  it('memory used % is rebuilt from mem.used and mem.available', () => {
    const r = rule({ condition: { kind: 'metric', signal: 'mem.used_pct', op: 'above', threshold: 90 } });
    expect(seriesNeeded(r, ['mem.used', 'mem.available', 'mem.cached'])).toEqual(['mem.used', 'mem.available']);
    const rows: SeriesRow[] = [
      { t: m(0), values: { 'mem.used': v(8e9), 'mem.available': v(2e9) } }, // 80 %
      { t: m(1), values: { 'mem.used': v(9.5e9), 'mem.available': v(0.5e9) } }, // 95 %
      { t: m(2), values: { 'mem.used': v(9.5e9) } }, // a row without available: no value
    ];
    const bt = backtest(r, rows, m(0), m(3));
    expect(bt.periods).toEqual([{ from: m(1), to: null, entity: '', peak: 95 }]);
  });

  it('load per core needs the CPU count from the caller', () => {
    const r = rule({ condition: { kind: 'metric', signal: 'load.1_per_core', op: 'above', threshold: 1 } });
    const rows: SeriesRow[] = [{ t: m(0), values: { 'load.1': v(6) } }];
    expect(backtest(r, rows, m(0), m(1)).unavailable).toContain("CPU count");
    expect(backtest(r, rows, m(0), m(1), { cores: 4 }).fired).toBe(1);
    expect(backtest(r, rows, m(0), m(1), { cores: 8 }).fired).toBe(0);
  });

  it('says cleanly when history cannot answer', () => {
    const cases = [
      [rule({ condition: { kind: 'metric', signal: 'swap.used_pct', op: 'above', threshold: 50 } }), 'not available for this signal'],
      [rule({ condition: { kind: 'metric', signal: 'fs.inodes_pct', op: 'above', threshold: 50 } }), 'not available for this signal'],
      [rule({ condition: { kind: 'process_missing', pattern: 'nginx' } }), 'not available for this condition'],
      [rule({ condition: { kind: 'dropping' } }), 'not available for this condition'],
      [rule({ condition: { kind: 'clock_skew', maxMs: 5000 } }), 'not available for this condition'],
      [rule({ condition: { kind: 'metric', signal: 'nope', op: 'above', threshold: 50 } }), 'unknown signal'],
      [rule({ condition: { kind: 'metric', signal: 'cpu.total', entity: '/', op: 'above', threshold: 50 } }), 'has no entities'],
    ] as const;
    for (const [r, text] of cases) {
      const bt = backtest(r, cpuRows([99, 99]), m(0), m(2));
      expect(bt).toMatchObject({ fired: 0, firingMs: 0, periods: [] });
      expect(bt.unavailable).toContain(text);
      expect(seriesNeeded(r, ['cpu.total', 'swap.used'])).toEqual([]);
    }
  });

  it('host down from the gaps between rows', () => {
    const r = rule({ condition: { kind: 'host_down', afterMs: 5 * MIN } });
    expect(seriesNeeded(r, ['mem.used', 'cpu.total'])).toEqual(['cpu.total']);
    expect(seriesNeeded(r, ['mem.used'])).toEqual(['mem.used']); // any series marks a report
    const rows = cpuRows([1, 1, null, null, null, null, null, null, 1, 1, null, null, null, 1]);
    // Rows cover one minute each: silent from the end of minute 1 (m2) to m8, 6 minutes > 5; m10 to m13 is 3 minutes.
    const bt = backtest(r, rows, m(0), m(14), { rowMs: MIN });
    expect(bt.periods).toEqual([{ from: m(7), to: m(8), entity: '', peak: 6 * MIN }]);
    const tail = backtest(r, cpuRows([1]), m(0), m(20), { rowMs: MIN });
    expect(tail.periods).toEqual([{ from: m(6), to: null, entity: '', peak: 19 * MIN }]);
  });

  it('bounds the periods it lists, not what it counts', () => {
    const flapping = cpuRows(Array.from({ length: 2 * (MAX_BACKTEST_PERIODS + 20) }, (_, i) => (i % 2 === 0 ? 95 : 10)));
    const bt = backtest(cpuRule(), flapping, m(0), m(flapping.length));
    expect(bt.periods).toHaveLength(MAX_BACKTEST_PERIODS);
    expect(bt.truncated).toBe(true);
    expect(bt.fired).toBe(MAX_BACKTEST_PERIODS + 20);
  });

  it('rows in any order are judged in time order; rows after `to` are not read', () => {
    const rows = cpuRows([10, 95, 95]).reverse();
    expect(backtest(cpuRule(), rows, m(0), m(3)).periods[0]!.from).toBe(m(1));
    expect(backtest(cpuRule(), rows, m(0), m(0) + 1).fired).toBe(0);
  });
});
