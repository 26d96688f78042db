import { METRICS, type MetricName } from '@/lib/metrics/registry';
import type { UnitKind } from '@/lib/format';
import { apiRangeQuery, type RangeSelection } from './range';

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

/** The series request for a selection; the server page builds the same string for its first render (it is the SWR key). */
export function seriesUrl(hostId: string, sel: RangeSelection): string {
  return `/api/v1/hosts/${encodeURIComponent(hostId)}/series?metrics=${CHART_METRICS.join(',')}&${apiRangeQuery(sel)}&points=${CHART_POINTS}`;
}
