import { describe, expect, it } from 'vitest';
import { bandKey, columnStats, dataKey, describeSeries, gapShare, hasBands, niceTicks, seriesMax, toChartRows } from '@/lib/ui/chart-data';
import { formatPct } from '@/lib/format';

const answer = {
  stepMs: 60_000,
  t: [0, 60_000, 120_000],
  series: {
    'cpu.total': { avg: [10, null, 30], min: [5, null, 20], max: [15, null, 50] },
    'mem.used': { avg: [1000, 2000, null], min: [900, 1500, null], max: [1100, 2500, null] },
  },
};

describe('toChartRows', () => {
  it('uses Recharts-safe keys, keeps gaps as null and adds [min, max] bands', () => {
    const rows = toChartRows(answer, ['cpu.total', 'mem.used'], { bands: ['cpu.total'] });
    expect(dataKey('cpu.total')).toBe('cpu_total');
    expect(rows[0]).toEqual({ t: 0, cpu_total: 10, [bandKey('cpu.total')]: [5, 15], mem_used: 1000 });
    expect(rows[1]).toEqual({ t: 60_000, cpu_total: null, cpu_total__band: null, mem_used: 2000 });
    expect(rows[2]!.mem_used).toBeNull();
  });

  it('scales values, bands included', () => {
    const rows = toChartRows(answer, ['mem.used'], { bands: ['mem.used'], scale: { 'mem.used': 0.1 } });
    expect(rows[0]).toEqual({ t: 0, mem_used: 100, mem_used__band: [90, 110] });
  });

  it('fills metrics the answer lacks with null', () => {
    expect(toChartRows(answer, ['temp.max'])[0]).toEqual({ t: 0, temp_max: null });
  });

  it('draws bands only for rollup tiers', () => {
    expect(hasBands({ tier: 'raw' })).toBe(false);
    expect(hasBands({ tier: '5m' })).toBe(true);
  });
});

describe('stats and text alternatives', () => {
  it('summarises a column ignoring gaps', () => {
    const c = answer.series['cpu.total'];
    const stats = columnStats(c.avg, c.min, c.max);
    expect(stats).toEqual({ latest: 30, min: 5, max: 50, avg: 20, count: 2 });
    expect(describeSeries('CPU', stats, formatPct)).toBe('CPU: latest 30 %, average 20 %, from 5 % to 50 %.');
    expect(describeSeries('CPU', columnStats([null]), formatPct)).toBe('CPU: no data in this range.');
  });

  it('measures gaps', () => {
    expect(gapShare([1, null, null, 4])).toBe(0.5);
    expect(gapShare([])).toBe(0);
  });
});

describe('niceTicks and seriesMax', () => {
  it('picks round decimal steps', () => {
    expect(niceTicks(1.98, false)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(60, false)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0, false)).toEqual([0, 1]);
  });

  it('picks round binary steps for bytes', () => {
    const GiB = 1024 ** 3;
    expect(niceTicks(3.73 * GiB, true)).toEqual([0, 1, 2, 3, 4].map((n) => n * GiB));
    expect(niceTicks(5.86 * 1024, true)).toEqual([0, 2, 4, 6].map((n) => n * 1024));
    expect(niceTicks(700, true)).toEqual([0, 200, 400, 600, 800]);
  });

  it('finds the top of the bands', () => {
    expect(seriesMax(answer, ['cpu.total', 'mem.used'])).toBe(2500);
    expect(seriesMax(answer, ['nope'])).toBe(0);
  });
});
