import { METRICS, type MetricName } from '@/lib/metrics/registry';
import type { UnitKind } from '@/lib/format';
import { apiRangeQuery, resolveWindow, type RangeSelection } from './range';

/**
 * The host page's history charts: which series each draws, in what unit, and
 * which get a min–max band on rollup ranges. One series request fetches every
 * metric listed here, so all charts share one time axis (synchronised hover).
 */

export interface SeriesSpec {
  /** Typed against the series registry: a misspelt metric does not compile. */
  metric: MetricName;
  label: string;
  /** A CSS colour, usually one of the theme's chart variables. */
  color: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: UnitKind;
  series: SeriesSpec[];
  /** Stacked areas (CPU time split) instead of lines. */
  stacked?: boolean;
  /** Metrics drawn with a [min, max] band on rollup ranges. */
  bands: MetricName[];
  /** Fixed y range (percentages), else automatic from 0. */
  yMax?: number;
}

const c = (n: number) => `var(--chart-${n})`;
/** A series of a chart, labelled as the registry labels it unless the chart says it shorter. */
const line = (metric: MetricName, color: string, label: string = METRICS[metric].label): SeriesSpec => ({ metric, label, color });

export const CHARTS: ChartSpec[] = [
  {
    id: 'cpu',
    title: 'CPU',
    unit: 'pct',
    stacked: true,
    yMax: 100,
    series: [
      line('cpu.user', c(1)),
      line('cpu.system', c(2)),
      line('cpu.iowait', c(3)),
      line('cpu.steal', c(4)),
    ],
    bands: ['cpu.total'],
  },
  {
    id: 'load',
    title: 'Load average',
    unit: 'number',
    series: [
      line('load.1', c(1), '1 min'),
      line('load.5', c(2), '5 min'),
      line('load.15', c(3), '15 min'),
    ],
    bands: ['load.1'],
  },
  {
    id: 'memory',
    title: 'Memory',
    unit: 'bytes',
    series: [
      line('mem.used', c(1), 'Used'),
      line('mem.cached', c(5)),
      line('swap.used', c(4)),
    ],
    bands: ['mem.used'],
  },
  {
    id: 'disk',
    title: 'Disk I/O',
    unit: 'rate',
    series: [
      line('disk.read', c(1), 'Read'),
      line('disk.write', c(3), 'Write'),
    ],
    bands: ['disk.read', 'disk.write'],
  },
  {
    id: 'network',
    title: 'Network',
    unit: 'rate',
    series: [
      line('net.rx', c(5)),
      line('net.tx', c(2)),
    ],
    bands: ['net.rx', 'net.tx'],
  },
  {
    id: 'temperature',
    title: 'Temperature (hottest sensor)',
    unit: 'celsius',
    series: [line('temp.max', c(4), 'Hottest')],
    bands: ['temp.max'],
  },
];

/** Every metric the charts need, once, in a stable order (part of the request's cache key). */
export const CHART_METRICS: MetricName[] = [...new Set(CHARTS.flatMap((ch) => [...ch.series.map((s) => s.metric), ...ch.bands]))];

/** Points asked per series: about one per horizontal pixel of a wide chart, well under the server's 2,000. */
export const CHART_POINTS = 600;

/**
 * What the charts ask for one range: a typed request that gives the browser
 * its URL (also the SWR key) and the server page the same request without
 * going through a URL. `base` is the series endpoint: the signed-in API's or
 * a share link's.
 */
export interface ChartSeriesRequest {
  base: string;
  sel: RangeSelection;
  metrics: readonly MetricName[];
  points: number;
}

export function chartSeries(base: string, sel: RangeSelection): ChartSeriesRequest {
  return { base, sel, metrics: CHART_METRICS, points: CHART_POINTS };
}

export function seriesKey(req: ChartSeriesRequest): string {
  return `${req.base}?metrics=${req.metrics.join(',')}&${apiRangeQuery(req.sel)}&points=${req.points}`;
}

/** The signed-in API's series endpoint of a host. */
export const hostSeriesBase = (hostId: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/series`;

/** The request as the read API takes it, for the window the selection covers at `now`. */
export function seriesWindow(req: ChartSeriesRequest, now: number) {
  return { ...resolveWindow(req.sel, now), points: req.points, metrics: [...req.metrics] };
}
