import { describe, expect, it } from 'vitest';
import { emptyChartMessage, hasAnyValue, isLonePoint } from '@/lib/ui/chart-data';
import { sparkDots, sparkPath } from '@/lib/ui/sparkline';
import { filterAndSort, DEFAULT_FLEET_QUERY, parseFleetQuery, statusCounts, summaryLine } from '@/lib/ui/fleet';
import { MINUTE, HOUR, DAY } from '@/lib/metrics/tiers';

const col = (avg: (number | null)[]) => ({ avg, min: avg, max: avg });

describe('a chart point with no neighbour gets a dot', () => {
  const values = [null, 5, null, 1, 2, null, 7];
  const at = (i: number) => values[i];
  it('marks only values whose neighbours are both missing, including at the ends', () => {
    expect(values.map((_, i) => isLonePoint(at, i, values.length))).toEqual([false, true, false, false, false, false, true]);
  });
  it('marks the one point of a new host, and nothing of an empty line', () => {
    expect(isLonePoint(() => 3, 0, 1)).toBe(true);
    expect(isLonePoint(() => null, 0, 1)).toBe(false);
    expect(isLonePoint(() => undefined, 0, 3)).toBe(false);
  });
});

describe('an empty chart says why', () => {
  const from = Date.UTC(2026, 11, 1, 7, 0);
  const to = from + HOUR;
  const empty = { from, to, series: { 'cpu.total': col([null, null]) } };
  it('says nothing when the chart has a value', () => {
    expect(hasAnyValue({ series: { 'cpu.total': col([null, 3]) } }, ['cpu.total'])).toBe(true);
    expect(emptyChartMessage({ ...empty, series: { 'cpu.total': col([null, 3]) } }, ['cpu.total'])).toBeNull();
  });
  it('tells a host that never reported from one collecting since after the range began', () => {
    expect(emptyChartMessage({ ...empty, earliest: null }, ['cpu.total'])).toBe('No data yet — waiting for the first report');
    expect(emptyChartMessage({ ...empty, earliest: from + 32 * MINUTE }, ['cpu.total'], true)).toBe('No data in this range yet — collecting since 07:32');
    expect(emptyChartMessage({ ...empty, earliest: to + 3 * DAY }, ['cpu.total'], true)).toBe('No data in this range yet — collecting since Dec 4 08:00');
  });
  it('says only "no data" when the host has older data, or the server did not say', () => {
    expect(emptyChartMessage({ ...empty, earliest: from - DAY }, ['cpu.total'])).toBe('No data in this range');
    expect(emptyChartMessage(empty, ['cpu.total'])).toBe('No data in this range');
    expect(emptyChartMessage({ ...empty, series: {} }, ['net.rx'])).toBe('No data in this range');
  });
});

describe('sparkline dots', () => {
  it('draw a lone value, which a path alone would not show', () => {
    const values = [...Array<null>(59).fill(null), 40];
    expect(sparkPath(values, 64, 18, [0, 100])).toBe('M64 10.8');
    expect(sparkDots(values, 64, 18, [0, 100])).toEqual([{ x: 64, y: 10.8 }]);
  });
  it('mark isolated values and the newest one, not every point of a line', () => {
    const values = [10, null, 50, 50, null, null];
    expect(sparkDots(values, 50, 10, [0, 100])).toEqual([
      { x: 0, y: 9 },
      { x: 30, y: 5 },
    ]);
    expect(sparkDots([null, null], 64, 18)).toEqual([]);
  });
});

describe('a host that never reported is waiting, not offline', () => {
  const rows = [{ status: 'online' as const }, { status: 'waiting' as const }, { status: 'offline' as const }, { status: 'waiting' as const }];
  it('is counted apart in the summary', () => {
    expect(statusCounts(rows)).toEqual({ online: 1, stale: 0, offline: 1, waiting: 2 });
    expect(summaryLine(rows)).toBe('1 online, 1 offline, 2 waiting for a first report');
    expect(summaryLine([{ status: 'waiting' }])).toBe('1 waiting for a first report');
  });
  it('has its own filter, and sorts after the hosts that need a look', () => {
    expect(parseFleetQuery(new URLSearchParams('status=waiting')).status).toBe('waiting');
    const hosts = (['online', 'waiting', 'offline', 'stale'] as const).map((status) => ({
      id: status, name: status, tags: [], status, disabled: false, lastSeen: null, os: null, bootTime: null, headline: null,
    }));
    expect(filterAndSort(hosts, { ...DEFAULT_FLEET_QUERY, sort: 'status' }, 0).map((h) => h.status)).toEqual(['offline', 'stale', 'waiting', 'online']);
    expect(filterAndSort(hosts, { ...DEFAULT_FLEET_QUERY, status: 'waiting' }, 0).map((h) => h.id)).toEqual(['waiting']);
  });
});
