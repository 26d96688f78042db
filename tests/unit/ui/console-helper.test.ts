import { describe, expect, it } from 'vitest';
import { createConsoleHelper, type ConsoleIo } from '@/lib/ui/console-helper';
import { parseRange, parseRefresh } from '@/lib/ui/range';
import type { FleetRow } from '@/lib/ui/fleet';

/** `window.hostwatch` (lib/ui/console-helper.ts) against a page it drives through the URL, as the range picker does. */
function page(pathname: string, search = '') {
  const state = { pathname, search, printed: [] as string[], tables: [] as object[][], navigated: [] as string[], history: [] as string[], revalidated: 0 };
  const hosts: FleetRow[] = [
    { id: 'h1', name: 'web-1', tags: [], status: 'online', disabled: false, lastSeen: Date.UTC(2026, 11, 1, 12), os: null, bootTime: null, headline: { cpuPct: 12.5, memPct: 40, load1: 0.3, diskPct: 91, rxBps: 1, txBps: 2 } },
    { id: 'h2', name: 'DB-1', tags: [], status: 'offline', disabled: false, lastSeen: null, os: null, bootTime: null, headline: null },
  ];
  const io: ConsoleIo = {
    location: () => ({ pathname: state.pathname, search: state.search }),
    writeSearch: (search, mode) => {
      state.search = search ? `?${search}` : '';
      state.history.push(`${mode} ${search}`);
    },
    navigate: (path) => void state.navigated.push(path),
    fleet: async () => ({ hosts }),
    revalidate: async () => void state.revalidated++,
    print: (text) => void state.printed.push(text),
    table: (rows) => void state.tables.push(rows),
  };
  return { state, helper: createConsoleHelper(io) };
}

describe('the console helper', () => {
  it('sets the range, Live and the refresh in the URL the host page reads', async () => {
    const { state, helper } = page('/hosts/h1', '?refresh=30s&at=123');
    expect(helper.range('24h')).toBe('showing 24h');
    expect(parseRange(new URLSearchParams(state.search))).toEqual({ kind: 'preset', key: '24h' });
    expect(new URLSearchParams(state.search).get('at')).toBe('123');
    helper.live(true);
    expect(parseRange(new URLSearchParams(state.search))).toEqual({ kind: 'live' });
    helper.live(false);
    expect(parseRange(new URLSearchParams(state.search))).toEqual({ kind: 'preset', key: '1h' });
    expect(await helper.refresh(5)).toBe('refreshing every 5 s');
    expect(parseRefresh(new URLSearchParams(state.search), { kind: 'preset', key: '1h' })).toBe(5_000);
    expect(await helper.refresh(0)).toBe('refresh off');
    expect(state.history.map((h) => h.split(' ')[0])).toEqual(['push', 'push', 'push', 'replace', 'replace']);
  });

  it('says in words what it cannot do, and changes nothing', async () => {
    const { state, helper } = page('/hosts/h1');
    expect(helper.range('2h')).toMatch(/^range\(\) takes one of 15m, 1h, /);
    expect(await helper.refresh(7)).toMatch(/^refresh\(\) takes 1, 5, 10, 30, 0 seconds/);
    const fleet = page('/');
    expect(fleet.helper.range('24h')).toBe("range() works on a host page; open one with hostwatch.open('name')");
    expect(fleet.helper.live()).toMatch(/works on a host page/);
    expect(await fleet.helper.refresh(5)).toMatch(/works on a host page/);
    expect(state.history).toEqual([]);
    expect(fleet.state.history).toEqual([]);
  });

  it('lists the fleet, opens a host by name or id, fetches again and explains itself', async () => {
    const { state, helper } = page('/');
    const rows = await helper.hosts();
    expect(rows).toEqual([
      { name: 'web-1', id: 'h1', status: 'online', cpuPct: 12.5, memPct: 40, diskPct: 91, lastSeen: '2026-12-01T12:00:00.000Z' },
      { name: 'DB-1', id: 'h2', status: 'offline', cpuPct: null, memPct: null, diskPct: null, lastSeen: null },
    ]);
    expect(state.tables).toEqual([rows]);
    expect(await helper.open('db-1')).toBe('opening DB-1');
    expect(await helper.open('h1')).toBe('opening web-1');
    expect(await helper.open('nope')).toMatch(/^no host named "nope"/);
    expect(state.navigated).toEqual(['/hosts/h2', '/hosts/h1']);
    expect(await helper.refresh()).toBe('fetched again');
    expect(state.revalidated).toBe(1);
    expect(helper.help()).toContain("hostwatch.range('24h')");
  });
});
