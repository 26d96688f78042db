'use client';

import { useMemo } from 'react';
import { FORMATTERS } from '@/lib/format';
import { areasText, type ChartArea } from '@/lib/ui/alerts/chart-areas';
import { columnStats, describeSeries, emptyChartMessage, gapShare, hasBands, niceTicks, seriesMax, toChartRows, type SeriesAnswer } from '@/lib/ui/chart-data';
import { CHARTS, CHART_METRICS, type ChartSpec } from '@/lib/ui/chart-specs';
import type { RangeSelection } from '@/lib/ui/range';
import { cardClass } from '@/app/_components/styles';
import { CHART_HEIGHT, TimeChart } from './time-chart';

function Legend({ spec, answer }: { spec: ChartSpec; answer: SeriesAnswer }) {
  const fmt = FORMATTERS[spec.unit];
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
      {spec.series.map((s) => {
        const col = answer.series[s.metric];
        const latest = col ? columnStats(col.avg).latest : null;
        return (
          <li key={s.metric} className="flex items-center gap-1 tabular-nums">
            <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
            {s.label} <span className="font-medium text-zinc-900 dark:text-zinc-100">{fmt(latest)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function summaryOf(spec: ChartSpec, answer: SeriesAnswer): string {
  const fmt = FORMATTERS[spec.unit];
  const parts = spec.series.map((s) => {
    const col = answer.series[s.metric];
    return describeSeries(s.label, col ? columnStats(col.avg, col.min, col.max) : columnStats([]), fmt);
  });
  const first = answer.series[spec.series[0]!.metric];
  const gaps = first ? gapShare(first.avg) : 0;
  if (gaps > 0.02 && gaps < 1) parts.push(`No data for ${Math.round(gaps * 100)} % of the range (host offline or not yet reporting).`);
  return parts.join(' ');
}

function ticksFor(spec: ChartSpec, answer: SeriesAnswer, memoryTotal: number | undefined): number[] {
  if (spec.yMax !== undefined) return niceTicks(spec.yMax, false);
  const top = Math.max(seriesMax(answer, [...spec.series.map((s) => s.metric), ...spec.bands]), spec.id === 'memory' ? (memoryTotal ?? 0) : 0);
  return niceTicks(top, spec.unit === 'bytes' || spec.unit === 'rate');
}

export function ChartSkeleton({ title }: { title: string }) {
  return (
    <section className={`${cardClass} p-3`} aria-label={`${title} (loading)`}>
      <h3 className="text-sm font-medium">{title}</h3>
      <div className="mt-1 h-4" />
      <div className="skeleton mt-2 rounded-md bg-zinc-100 dark:bg-zinc-800/60" style={{ height: CHART_HEIGHT }} />
    </section>
  );
}

/** Every history chart of the host, drawn from one series answer. */
export function HostCharts({
  answer,
  memoryTotal,
  hasTemperatures,
  loading,
  areas,
  onZoom,
  onPick,
}: {
  answer: SeriesAnswer | undefined;
  memoryTotal: number | undefined;
  hasTemperatures: boolean;
  loading: boolean;
  /** Alert periods to shade, by chart id. */
  areas?: ReadonlyMap<string, ChartArea[]>;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}) {
  // Everything a chart draws is derived once per answer, so a re-render that only flips `loading` leaves the charts alone (TimeChart is memoised).
  const prepared = useMemo(() => {
    if (!answer) return null;
    const rows = toChartRows(answer, CHART_METRICS, { bands: CHARTS.flatMap((c) => c.bands) });
    const tempData = columnStats(answer.series['temp.max']?.avg ?? []).count > 0;
    return CHARTS.filter((c) => c.id !== 'temperature' || hasTemperatures || tempData).map((spec) => ({
      spec,
      rows,
      ticks: ticksFor(spec, answer, memoryTotal),
      summary: summaryOf(spec, answer),
      empty: emptyChartMessage(answer, spec.series.map((x) => x.metric)),
    }));
  }, [answer, memoryTotal, hasTemperatures]);
  const charts = prepared ?? CHARTS.filter((c) => c.id !== 'temperature' || hasTemperatures).map((spec) => ({ spec, rows: [], ticks: [], summary: '', empty: null }));
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2" aria-busy={loading} data-testid="charts" data-tier={answer?.tier} data-span={answer ? answer.to - answer.from : undefined}>
      {charts.map(({ spec, rows, ticks, summary, empty }) =>
        answer ? (
          <section
            key={spec.id}
            className={`${cardClass} p-3 transition-opacity ${loading ? 'opacity-70' : ''}`}
            data-chart={spec.id}
            data-alert-areas={areas?.get(spec.id)?.length ?? 0}
            aria-label={spec.title}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="text-sm font-medium">{spec.title}</h3>
              <Legend spec={spec} answer={answer} />
            </div>
            <div className="mt-2">
              <TimeChart
                spec={spec}
                rows={rows}
                from={answer.from}
                to={answer.to}
                showBands={hasBands(answer)}
                summary={areas?.has(spec.id) ? `${summary} ${areasText(areas.get(spec.id))}` : summary}
                ticks={ticks}
                areas={areas?.get(spec.id)}
                empty={empty}
                onZoom={onZoom}
                onPick={onPick}
              />
            </div>
          </section>
        ) : (
          <ChartSkeleton key={spec.id} title={spec.title} />
        ),
      )}
    </div>
  );
}
