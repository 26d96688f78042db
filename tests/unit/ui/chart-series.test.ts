import { describe, expect, it } from 'vitest';
import { parseSeriesParams } from '@/lib/query/params';
import { CHART_METRICS, chartSeries, hostSeriesBase, seriesKey, seriesWindow } from '@/lib/ui/chart-specs';
import type { RangeSelection } from '@/lib/ui/range';
import { shareSeriesBase } from '@/lib/ui/share-range';

const now = 1_800_000_000_000;

describe('the charts’ series request', () => {
  it('asks the server page and the browser’s URL for the same window, metrics and points', () => {
    const selections: RangeSelection[] = [{ kind: 'live' }, { kind: 'preset', key: '24h' }, { kind: 'preset', key: '30d' }, { kind: 'custom', from: 1_000, to: 2_000 }];
    for (const sel of selections) {
      const req = chartSeries(hostSeriesBase('web 1'), sel);
      const url = new URL(seriesKey(req), 'http://hostwatch.test');
      expect(url.pathname).toBe('/api/v1/hosts/web%201/series');
      expect(parseSeriesParams(url.searchParams, now)).toEqual(seriesWindow(req, now));
    }
  });

  it('asks every metric the charts draw, on the signed-in or the share endpoint', () => {
    const req = chartSeries(shareSeriesBase('hws_abc', 'h1'), { kind: 'preset', key: '1h' });
    expect(seriesWindow(req, now).metrics).toEqual(CHART_METRICS);
    expect(seriesKey(req)).toMatch(/^\/api\/v1\/share\/hws_abc\/hosts\/h1\/series\?metrics=cpu\.user,.*&range=1h&points=600$/);
  });
});
