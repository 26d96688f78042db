'use client';

import { useCallback, useMemo, useState } from 'react';
import { FORMATTERS, formatBytes } from '@/lib/format';
import { areasText, type ChartArea } from '@/lib/ui/alerts/chart-areas';
import { columnStats, describeSeries, emptyChartMessage, gapShare, hasBands, niceTicks, seriesMax, toChartRows, type SeriesAnswer } from '@/lib/ui/chart-data';
import { CHARTS, CHART_METRICS, type ChartSpec } from '@/lib/ui/chart-specs';
import { toggleHidden } from '@/lib/ui/legend-state';
import type { RangeSelection } from '@/lib/ui/range';
import { cardClass } from '@/app/_components/styles';
import { ChartLegend } from './chart-legend';
import { CHART_HEIGHT, TimeChart, type ChartReferenceLine } from './time-chart';

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

type Prepared = { spec: ChartSpec; rows: ReturnType<typeof toChartRows>; ticks: number[]; summary: string; refs?: ChartReferenceLine[]; empty: string | null };

/** One chart with its title and legend; the legend's hidden series are this card's own state. */
function ChartCard({
  item,
  answer,
  loading,
  areas,
  utc,
  pickable,
  onZoom,
  onPick,
}: {
  item: Prepared;
  answer: SeriesAnswer;
  loading: boolean;
  areas: ChartArea[] | undefined;
  utc: boolean;
  pickable: boolean;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}) {
  const { spec, rows, ticks, summary, refs, empty } = item;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const onToggle = useCallback((metric: string) => setHidden((h) => toggleHidden(h, metric)), []);
  return (
    <section
      className={`${cardClass} p-3 transition-opacity ${loading ? 'opacity-70' : ''}`}
      data-chart={spec.id}
      data-alert-areas={areas?.length ?? 0}
      aria-label={spec.title}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium">{spec.title}</h3>
        <ChartLegend spec={spec} answer={answer} hidden={hidden} onToggle={onToggle} />
      </div>
      <div className="mt-2">
        <TimeChart
          spec={spec}
          rows={rows}
          from={answer.from}
          to={answer.to}
          showBands={hasBands(answer)}
          summary={areas ? `${summary} ${areasText(areas)}` : summary}
          ticks={ticks}
          areas={areas}
          empty={empty}
          onZoom={onZoom}
          onPick={onPick}
          utc={utc}
          hidden={hidden}
          referenceLines={refs}
          pickable={pickable}
        />
      </div>
    </section>
  );
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
  utc = false,
  pickable = true,
}: {
  answer: SeriesAnswer | undefined;
  memoryTotal: number | undefined;
  hasTemperatures: boolean;
  loading: boolean;
  /** Alert periods to shade, by chart id. */
  areas?: ReadonlyMap<string, ChartArea[]>;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
  /** Times in UTC instead of the browser's zone. */
  utc?: boolean;
  /** Whether a click or Enter on a chart picks a time (the processes at it). */
  pickable?: boolean;
}) {
  // Everything a chart draws is derived once per answer, so a re-render that only flips `loading` leaves the charts alone (TimeChart is memoised).
  const prepared = useMemo(() => {
    if (!answer) return null;
    const rows = toChartRows(answer, CHART_METRICS, { bands: CHARTS.flatMap((c) => c.bands) });
    const tempData = columnStats(answer.series['temp.max']?.avg ?? []).count > 0;
    return CHARTS.filter((c) => c.id !== 'temperature' || hasTemperatures || tempData).map(
      (spec): Prepared => ({
        spec,
        rows,
        ticks: ticksFor(spec, answer, memoryTotal),
        summary: spec.id === 'memory' && memoryTotal ? `${summaryOf(spec, answer)} Total memory ${formatBytes(memoryTotal)}.` : summaryOf(spec, answer),
        refs: spec.id === 'memory' && memoryTotal ? [{ y: memoryTotal, label: `Total ${formatBytes(memoryTotal)}` }] : undefined,
        empty: emptyChartMessage(answer, spec.series.map((x) => x.metric)),
      }),
    );
  }, [answer, memoryTotal, hasTemperatures]);
  const charts: Prepared[] = prepared ?? CHARTS.filter((c) => c.id !== 'temperature' || hasTemperatures).map((spec) => ({ spec, rows: [], ticks: [], summary: '', empty: null }));
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2" aria-busy={loading} data-testid="charts" data-tier={answer?.tier} data-span={answer ? answer.to - answer.from : undefined} data-from={answer?.from} data-to={answer?.to}>
      {charts.map((item) =>
        answer ? (
          <ChartCard key={item.spec.id} item={item} answer={answer} loading={loading} areas={areas?.get(item.spec.id)} utc={utc} pickable={pickable} onZoom={onZoom} onPick={onPick} />
        ) : (
          <ChartSkeleton key={item.spec.id} title={item.spec.title} />
        ),
      )}
    </div>
  );
}
