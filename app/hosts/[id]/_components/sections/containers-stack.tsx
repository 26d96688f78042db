'use client';

import { useMemo } from 'react';
import useSWR from 'swr';
import { FORMATTERS } from '@/lib/format';
import type { MetricName } from '@/lib/metrics/registry';
import { columnStats, describeSeries, niceTicks, toChartRows, type SeriesAnswer } from '@/lib/ui/chart-data';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import { depthSeriesKey } from '@/lib/ui/depth-sections';
import { fetchJson } from '@/app/_components/fetcher';
import { ChartSkeleton } from '../host-charts';
import { TimeChart } from '../time-chart';
import type { DepthWiring } from './depth-charts';

const COLORS = [1, 2, 3, 4, 5].map((n) => `var(--chart-${n})`);

/** A stacked chart's top: the highest sum of the stacked averages at any instant. */
function stackMax(answer: SeriesAnswer, metrics: readonly string[]): number {
  let max = 0;
  for (let i = 0; i < answer.t.length; i++) {
    let sum = 0;
    for (const m of metrics) sum += answer.series[m]?.avg[i] ?? 0;
    if (sum > max) max = sum;
  }
  return max;
}

/**
 * "CPU and memory by container": the running containers' CPU and memory as
 * stacked areas, one request for both charts. Series names are family names
 * (`ctr.cpu:web`); the chart uses them as row keys only, hence the cast.
 */
export function ContainersStack({ names, cpu, mem, wiring }: { names: string[]; cpu: string[]; mem: string[]; wiring: DepthWiring }) {
  const metrics = useMemo(() => [...cpu, ...mem], [cpu, mem]);
  const { seriesBase, selection, refreshMs, onZoom, onPick } = wiring;
  const key = metrics.length > 0 ? depthSeriesKey(seriesBase, metrics, selection) : null;
  const { data, error, isLoading } = useSWR<SeriesAnswer>(key, fetchJson, { refreshInterval: refreshMs, keepPreviousData: true });
  const charts = useMemo(() => {
    if (!data) return null;
    const rows = toChartRows(data, metrics);
    return (
      [
        { id: 'containers-cpu', title: 'CPU by container', unit: 'pct', series: cpu },
        { id: 'containers-mem', title: 'Memory by container', unit: 'bytes', series: mem },
      ] as const
    ).map((c) => {
      const spec: ChartSpec = {
        id: c.id,
        title: c.title,
        unit: c.unit,
        stacked: true,
        bands: [],
        series: c.series.map((m, i) => ({ metric: m as MetricName, label: names[i]!, color: COLORS[i % COLORS.length]! })),
      };
      const top = stackMax(data, c.series);
      const ticks = c.unit === 'pct' ? niceTicks(Math.min(100, Math.max(top, 1)), false) : niceTicks(top, true);
      const fmt = FORMATTERS[c.unit];
      const summary = spec.series.map((s) => describeSeries(s.label, columnStats(data.series[s.metric]?.avg ?? []), fmt)).join(' ');
      return { spec, rows, ticks, summary };
    });
  }, [data, metrics, cpu, mem, names]);

  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load container history: {error instanceof Error ? error.message : 'request failed'}.
      </p>
    );
  }
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2" aria-busy={isLoading} data-testid="containers-stack">
      {charts && data
        ? charts.map(({ spec, rows, ticks, summary }) => (
            <section key={spec.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-chart={spec.id} aria-label={spec.title}>
              <h3 className="text-sm font-medium">{spec.title}</h3>
              <div className="mt-2">
                <TimeChart spec={spec} rows={rows} from={data.from} to={data.to} showBands={false} summary={summary} ticks={ticks} onZoom={onZoom} onPick={onPick} />
              </div>
            </section>
          ))
        : ['CPU by container', 'Memory by container'].map((t) => <ChartSkeleton key={t} title={t} />)}
    </div>
  );
}
