import { describe, expect, it } from 'vitest';
import { allTags, filterAndSort, fleetSearch, paginate, parseFleetQuery, summaryLine, type FleetRow } from '@/lib/ui/fleet';

const NOW = 1_800_000_000_000;

function row(name: string, over: Partial<FleetRow> = {}, cpuPct: number | null = 10): FleetRow {
  return {
    id: `id-${name}`,
    name,
    tags: [],
    status: 'online',
    disabled: false,
    lastSeen: NOW - 1000,
    os: 'Ubuntu 24.04',
    bootTime: NOW - 86_400_000,
    headline: cpuPct === null ? null : { cpuPct, memPct: 50, load1: 1, diskPct: 40, rxBps: 100, txBps: 50 },
    ...over,
  };
}

describe('parseFleetQuery / fleetSearch', () => {
  it('reads valid values and ignores the rest', () => {
    expect(parseFleetQuery(new URLSearchParams('q=web&status=stale&tag=prod&sort=cpu&dir=desc&page=3'))).toEqual({
      q: 'web',
      status: 'stale',
      tag: 'prod',
      sort: 'cpu',
      dir: 'desc',
      page: 3,
    });
    expect(parseFleetQuery({ status: 'weird', sort: 'nope', page: '-2' })).toMatchObject({ status: 'all', sort: 'name', page: 1 });
  });

  it('writes only non-default values', () => {
    expect(fleetSearch(parseFleetQuery({}))).toBe('');
    expect(fleetSearch({ ...parseFleetQuery({}), sort: 'mem', dir: 'desc' })).toBe('sort=mem&dir=desc');
  });
});

describe('filterAndSort', () => {
  const rows = [
    row('web-1', { tags: ['prod', 'web'] }, 80),
    row('db-1', { tags: ['prod'], status: 'stale' }, 20),
    row('lab', { status: 'offline', lastSeen: null, bootTime: null }, null),
    row('web-2', { tags: ['staging'] }, 50),
  ];

  it('filters by status, tag and search text', () => {
    const q = parseFleetQuery({});
    expect(filterAndSort(rows, { ...q, status: 'stale' }, NOW).map((r) => r.name)).toEqual(['db-1']);
    expect(filterAndSort(rows, { ...q, tag: 'prod' }, NOW).map((r) => r.name)).toEqual(['db-1', 'web-1']);
    expect(filterAndSort(rows, { ...q, q: 'WEB' }, NOW).map((r) => r.name)).toEqual(['web-1', 'web-2']);
  });

  it('sorts both ways with missing values last', () => {
    const q = parseFleetQuery({ sort: 'cpu' });
    expect(filterAndSort(rows, q, NOW).map((r) => r.name)).toEqual(['db-1', 'web-2', 'web-1', 'lab']);
    expect(filterAndSort(rows, { ...q, dir: 'desc' }, NOW).map((r) => r.name)).toEqual(['web-1', 'web-2', 'db-1', 'lab']);
    expect(filterAndSort(rows, { ...q, sort: 'status' }, NOW).map((r) => r.name)).toEqual(['lab', 'db-1', 'web-1', 'web-2']);
    expect(filterAndSort(rows, { ...q, sort: 'uptime', dir: 'desc' }, NOW).at(-1)!.name).toBe('lab');
  });
});

describe('summary, tags and pages', () => {
  it('counts statuses and leaves out zeros', () => {
    expect(summaryLine([{ status: 'online' }, { status: 'online' }, { status: 'offline' }])).toBe('2 online, 1 offline');
    expect(summaryLine([])).toBe('No hosts yet');
  });

  it('lists tags once, sorted', () => {
    expect(allTags([{ tags: ['b', 'a'] }, { tags: ['a'] }])).toEqual(['a', 'b']);
  });

  it('cuts pages and clamps the page number', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(paginate(items, 3, 50)).toMatchObject({ page: 3, pages: 3, total: 120, rows: items.slice(100) });
    expect(paginate(items, 9, 50).page).toBe(3);
    expect(paginate([], 1, 50)).toMatchObject({ page: 1, pages: 1, rows: [] });
  });
});
