import type { UnitKind } from '@/lib/format';
import { apiRangeQuery, type RangeSelection } from './range';

/**
 * The host page's history charts: which series each draws, in what unit, and
 * which get a min–max band on rollup ranges. One series request fetches every
 * metric listed here, so all charts share one time axis (synchronised hover).
 */

export interface SeriesSpec {
  metric: string;
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
  bands: string[];
  /** Fixed y range (percentages), else automatic from 0. */
  yMax?: number;
}

const c = (n: number) => `var(--chart-${n})`;

export const CHARTS: ChartSpec[] = [
  {
    id: 'cpu',
    title: 'CPU',
    unit: 'pct',
    stacked: true,
    yMax: 100,
    series: [
      { metric: 'cpu.user', label: 'User', color: c(1) },
      { metric: 'cpu.system', label: 'System', color: c(2) },
      { metric: 'cpu.iowait', label: 'I/O wait', color: c(3) },
      { metric: 'cpu.steal', label: 'Steal', color: c(4) },
    ],
    bands: ['cpu.total'],
  },
  {
    id: 'load',
    title: 'Load average',
    unit: 'number',
    series: [
      { metric: 'load.1', label: '1 min', color: c(1) },
      { metric: 'load.5', label: '5 min', color: c(2) },
      { metric: 'load.15', label: '15 min', color: c(3) },
    ],
    bands: ['load.1'],
  },
  {
    id: 'memory',
    title: 'Memory',
    unit: 'bytes',
    series: [
      { metric: 'mem.used', label: 'Used', color: c(1) },
      { metric: 'mem.cached', label: 'Cached', color: c(5) },
      { metric: 'swap.used', label: 'Swap used', color: c(4) },
    ],
    bands: ['mem.used'],
  },
  {
    id: 'disk',
    title: 'Disk I/O',
    unit: 'rate',
    series: [
      { metric: 'disk.read', label: 'Read', color: c(1) },
      { metric: 'disk.write', label: 'Write', color: c(3) },
    ],
    bands: ['disk.read', 'disk.write'],
  },
  {
    id: 'network',
    title: 'Network',
    unit: 'rate',
    series: [
      { metric: 'net.rx', label: 'Received', color: c(5) },
      { metric: 'net.tx', label: 'Sent', color: c(2) },
    ],
    bands: ['net.rx', 'net.tx'],
  },
  {
    id: 'temperature',
    title: 'Temperature (hottest sensor)',
    unit: 'celsius',
    series: [{ metric: 'temp.max', label: 'Hottest', color: c(4) }],
    bands: ['temp.max'],
  },
];

/** Every metric the charts need, once, in a stable order (part of the request's cache key). */
export const CHART_METRICS: string[] = [...new Set(CHARTS.flatMap((ch) => [...ch.series.map((s) => s.metric), ...ch.bands]))];

/** Points asked per series: about one per horizontal pixel of a wide chart, well under the server's 2,000. */
export const CHART_POINTS = 600;

/** The series request for a selection; the server page builds the same string for its first render (it is the SWR key). */
export function seriesUrl(hostId: string, sel: RangeSelection): string {
  return `/api/v1/hosts/${encodeURIComponent(hostId)}/series?metrics=${CHART_METRICS.join(',')}&${apiRangeQuery(sel)}&points=${CHART_POINTS}`;
}
