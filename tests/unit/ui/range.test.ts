import { describe, expect, it } from 'vitest';
import {
  LIVE_WINDOW_MS,
  apiRangeQuery,
  parseRange,
  parseRefresh,
  processesAvailableAt,
  rangeSearch,
  refreshParam,
  resolveWindow,
  zoomSelection,
} from '@/lib/ui/range';

const NOW = Date.UTC(2026, 0, 31, 15, 0, 0);

describe('parseRange', () => {
  it('reads presets, live and custom windows', () => {
    expect(parseRange(new URLSearchParams('range=6h'))).toEqual({ kind: 'preset', key: '6h' });
    expect(parseRange({ range: 'live' })).toEqual({ kind: 'live' });
    expect(parseRange({ from: '2026-01-31T14:00:00Z', to: '2026-01-31T15:00:00Z' })).toEqual({
      kind: 'custom',
      from: Date.UTC(2026, 0, 31, 14),
      to: Date.UTC(2026, 0, 31, 15),
    });
    expect(parseRange({ from: String(NOW - 60_000), to: String(NOW) })).toEqual({ kind: 'custom', from: NOW - 60_000, to: NOW });
  });

  it('falls back to one hour for anything it cannot read', () => {
    expect(parseRange({})).toEqual({ kind: 'preset', key: '1h' });
    expect(parseRange({ range: '13m' })).toEqual({ kind: 'preset', key: '1h' });
    expect(parseRange({ from: 'yesterday', to: 'today' })).toEqual({ kind: 'preset', key: '1h' });
    // reversed or tiny windows are not zooms
    expect(parseRange({ from: String(NOW), to: String(NOW - 3_600_000) })).toEqual({ kind: 'preset', key: '1h' });
    expect(parseRange({ range: ['24h', '7d'] })).toEqual({ kind: 'preset', key: '24h' });
  });
});

describe('rangeSearch', () => {
  it('round-trips through the URL and keeps other parameters', () => {
    const custom = { kind: 'custom' as const, from: Date.UTC(2026, 0, 31, 14, 0, 0, 400), to: Date.UTC(2026, 0, 31, 15) };
    const qs = rangeSearch(custom, new URLSearchParams('range=1h&refresh=5s'));
    expect(qs).toBe('refresh=5s&from=2026-01-31T14%3A00%3A00Z&to=2026-01-31T15%3A00%3A00Z');
    expect(parseRange(new URLSearchParams(qs))).toEqual({ kind: 'custom', from: Date.UTC(2026, 0, 31, 14), to: Date.UTC(2026, 0, 31, 15) });
    expect(rangeSearch({ kind: 'preset', key: '7d' }, { from: '1', to: '2', refresh: '30s' })).toBe('refresh=30s&range=7d');
    expect(rangeSearch({ kind: 'live' })).toBe('range=live');
  });
});

describe('windows, zoom and process history', () => {
  it('resolves windows ending now, or fixed', () => {
    expect(resolveWindow({ kind: 'preset', key: '24h' }, NOW)).toEqual({ from: NOW - 86_400_000, to: NOW });
    expect(resolveWindow({ kind: 'live' }, NOW)).toEqual({ from: NOW - LIVE_WINDOW_MS, to: NOW });
    expect(resolveWindow({ kind: 'custom', from: 1, to: 2 }, NOW)).toEqual({ from: 1, to: 2 });
  });

  it('orders a drag and ignores clicks', () => {
    expect(zoomSelection(NOW, NOW - 600_000)).toEqual({ kind: 'custom', from: NOW - 600_000, to: NOW });
    expect(zoomSelection(NOW, NOW + 1_000)).toBeNull();
  });

  it('offers processes only within the last day', () => {
    expect(processesAvailableAt(NOW - 3_600_000, NOW, 24 * 3_600_000)).toBe(true);
    expect(processesAvailableAt(NOW - 25 * 3_600_000, NOW, 24 * 3_600_000)).toBe(false);
    expect(processesAvailableAt(NOW + 1, NOW, 24 * 3_600_000)).toBe(false);
  });
});

describe('refresh interval', () => {
  it('defaults by range, reads the URL, and never refreshes a fixed window', () => {
    expect(parseRefresh({}, { kind: 'live' })).toBe(1_000);
    expect(parseRefresh({}, { kind: 'preset', key: '1h' })).toBe(10_000);
    expect(parseRefresh({ refresh: '30s' }, { kind: 'preset', key: '1h' })).toBe(30_000);
    expect(parseRefresh({ refresh: 'off' }, { kind: 'live' })).toBe(0);
    expect(parseRefresh({ refresh: '5s' }, { kind: 'custom', from: 1, to: 100_000 })).toBe(0);
    expect(refreshParam(5_000)).toBe('5s');
    expect(refreshParam(0)).toBe('off');
  });
});

describe('apiRangeQuery', () => {
  it('asks the read API for the same window', () => {
    expect(apiRangeQuery({ kind: 'live' })).toBe('range=5m');
    expect(apiRangeQuery({ kind: 'preset', key: '30d' })).toBe('range=30d');
    expect(apiRangeQuery({ kind: 'custom', from: 1000.4, to: 90_000 })).toBe('from=1000&to=90000');
  });
});
