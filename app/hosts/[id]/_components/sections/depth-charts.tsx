'use client';

import { useMemo } from 'react';
import useSWR from 'swr';
import { FORMATTERS } from '@/lib/format';
import type { MetricName } from '@/lib/metrics/registry';
import { columnStats, describeSeries, hasBands, niceTicks, seriesMax, toChartRows, type SeriesAnswer } from '@/lib/ui/chart-data';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import { depthSeriesKey, sectionMetrics, seriesName, type DepthChart, type DepthSection } from '@/lib/ui/depth-sections';
import type { RangeSelection } from '@/lib/ui/range';
import { fetchJson } from '@/app/_components/fetcher';
import { ChartSkeleton } from '../host-charts';
import { TimeChart } from '../time-chart';

const COLORS = [1, 5, 3, 2, 4].map((n) => `var(--chart-${n})`);

/**
 * A depth chart as the shared TimeChart takes it. Family series names
 * (`disk.read:sda`) are not scalar MetricNames; the chart only uses the name
 * as a row key (dataKey), so the cast is safe.
 */
function specOf(section: DepthSection, chart: DepthChart, entity: string | null): ChartSpec {
  const series = chart.series.map((s, i) => ({ metric: seriesName(section, s.metric, entity) as MetricName, label: s.label, color: COLORS[i % COLORS.length]! }));
  return {
    id: `${section.id}-${chart.id}`,
    title: entity !== null && section.family ? `${chart.title} · ${entity}` : chart.title,
    unit: chart.unit,
    series,
    bands: series.map((s) => s.metric),
    ...(chart.unit === 'pct' ? { yMax: 100 } : {}),
  };
}

/** What every depth section reads and reports through, passed down as one: the series endpoint, the page's range and refresh, and its zoom and pick handlers. */
export interface DepthWiring {
  /** The series endpoint the sections read from (the signed-in host API or a share's). */
  seriesBase: string;
  selection: RangeSelection;
  refreshMs: number;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}

/** The charts of one open section for one entity, from one series request. */
export function DepthCharts({
  section,
  entity,
  wiring,
}: {
  section: DepthSection;
  entity: string | null;
  wiring: DepthWiring;
}) {
  const metrics = useMemo(() => sectionMetrics(section, entity), [section, entity]);
  const { seriesBase, selection, refreshMs, onZoom, onPick } = wiring;
  const key = metrics.length > 0 ? depthSeriesKey(seriesBase, metrics, selection) : null;
  const { data, error, isLoading } = useSWR<SeriesAnswer>(key, fetchJson, { refreshInterval: refreshMs, keepPreviousData: true });
  const prepared = useMemo(() => {
    if (!data) return null;
    const rows = toChartRows(data, metrics, { bands: metrics });
    return section.charts.map((chart) => {
      const spec = specOf(section, chart, entity);
      const names = spec.series.map((s) => s.metric);
      const fmt = FORMATTERS[spec.unit];
      const stats = spec.series.map((s) => {
        const col = data.series[s.metric];
        return { s, stats: col ? columnStats(col.avg, col.min, col.max) : columnStats([]) };
      });
      const ticks = spec.yMax !== undefined ? niceTicks(spec.yMax, false) : niceTicks(seriesMax(data, names), spec.unit === 'bytes' || spec.unit === 'rate');
      return { spec, rows, ticks, stats, summary: stats.map(({ s, stats: st }) => describeSeries(s.label, st, fmt)).join(' ') };
    });
  }, [data, metrics, section, entity]);

  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load {section.title.toLowerCase()}: {error instanceof Error ? error.message : 'request failed'}.
      </p>
    );
  }
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2" aria-busy={isLoading} data-testid="section-charts" data-entity={entity ?? ''}>
      {prepared && data
        ? prepared.map(({ spec, rows, ticks, stats, summary }) => (
            <section key={spec.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-chart={spec.id} aria-label={spec.title}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="text-sm font-medium">{spec.title}</h3>
                <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
                  {stats.map(({ s, stats: st }) => (
                    <li key={s.metric} className="flex items-center gap-1 tabular-nums">
                      <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
                      {s.label} <span className="font-medium text-zinc-900 dark:text-zinc-100">{FORMATTERS[spec.unit](st.latest)}</span>
                    </li>
                  ))}
                </ul>
              </div>
              <div className="mt-2">
                <TimeChart spec={spec} rows={rows} from={data.from} to={data.to} showBands={hasBands(data)} summary={summary} ticks={ticks} onZoom={onZoom} onPick={onPick} />
              </div>
            </section>
          ))
        : section.charts.map((c) => <ChartSkeleton key={c.id} title={c.title} />)}
    </div>
  );
}
