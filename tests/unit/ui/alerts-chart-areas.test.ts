import { describe, expect, it } from 'vitest';
import type { AlertPeriod } from '@/lib/ui/alerts/api-types';
import { areasByChart, areasText, chartsOfPeriod } from '@/lib/ui/alerts/chart-areas';
import { CHARTS } from '@/lib/ui/chart-specs';

const period = (p: Partial<AlertPeriod>): AlertPeriod => ({
  ruleId: 'r1',
  ruleName: 'High CPU',
  severity: 'critical',
  condition: 'metric',
  signal: 'cpu.total',
  entity: '',
  from: 1_000,
  to: 2_000,
  ...p,
});
const on = (signal: string | null, condition: AlertPeriod['condition'] = 'metric') => chartsOfPeriod({ condition, signal }, CHARTS);

describe('which chart an alert period shades', () => {
  it('puts a signal on the chart that draws it, its inputs, or its group', () => {
    expect(on('cpu.total')).toEqual(['cpu']); // drawn as the CPU band
    expect(on('cpu.iowait')).toEqual(['cpu']);
    expect(on('load.5')).toEqual(['load']);
    expect(on('load.1_per_core')).toEqual(['load']); // derived from load.1
    expect(on('mem.used_pct')).toEqual(['memory']); // derived from mem.used
    expect(on('mem.available')).toEqual(['memory']); // not drawn: its group
    expect(on('swap.used_pct')).toEqual(['memory']);
    expect(on('disk.write.each')).toEqual(['disk']); // a disk's writes: the disk I/O chart
    expect(on('net.rx.each')).toEqual(['network']);
    expect(on('net.errors')).toEqual(['network']);
    expect(on('temp')).toEqual(['temperature']);
  });

  it('shades no chart for filesystem space, unknown signals and conditions without a history chart; every chart for host down', () => {
    expect(on('fs')).toEqual([]);
    expect(on('fs.inodes_pct')).toEqual([]);
    expect(on('no.such.signal')).toEqual([]);
    expect(on(null, 'process_missing')).toEqual([]);
    expect(on(null, 'clock_skew')).toEqual([]);
    expect(on(null, 'host_down')).toEqual(CHARTS.map((c) => c.id));
    // A chart missing from the page (no temperature chart) is not named.
    expect(chartsOfPeriod({ condition: 'metric', signal: 'temp' }, CHARTS.filter((c) => c.id !== 'temperature'))).toEqual([]);
  });
});

describe('areasByChart', () => {
  it('clips periods to the window, runs an open one to the window end and drops those outside', () => {
    const areas = areasByChart(
      [
        period({ from: 500, to: 1_500 }),
        period({ ruleName: 'Slow', severity: 'warning', from: 1_800, to: null, entity: 'sda', signal: 'disk.read.each' }),
        period({ from: 100, to: 400 }),
        period({ from: 3_500, to: 4_000 }),
      ],
      CHARTS,
      { from: 1_000, to: 3_000 },
    );
    expect(areas.get('cpu')).toEqual([{ x1: 1_000, x2: 1_500, severity: 'critical', label: 'High CPU (fired)', ruleId: 'r1' }]);
    expect(areas.get('disk')).toEqual([{ x1: 1_800, x2: 3_000, severity: 'warning', label: 'Slow sda (firing)', ruleId: 'r1' }]);
    expect(areas.has('memory')).toBe(false);
  });

  it('says in words which alerts a chart shows, each once', () => {
    const areas = areasByChart([period({}), period({ from: 1_200, to: 1_900 })], CHARTS, { from: 0, to: 5_000 });
    expect(areasText(areas.get('cpu'))).toBe('Alerts in this range: High CPU (fired).');
    expect(areasText(undefined)).toBe('');
  });
});
