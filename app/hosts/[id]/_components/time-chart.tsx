'use client';

import { memo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis, type MouseHandlerDataParam } from 'recharts';
import { FORMATTERS, formatDateTime, formatTick } from '@/lib/format';
import type { ChartArea } from '@/lib/ui/alerts/chart-areas';
import { bandKey, dataKey, type ChartRow } from '@/lib/ui/chart-data';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import type { RangeSelection } from '@/lib/ui/range';
import { zoomSelection } from '@/lib/ui/range';
import { loneDot } from './chart-dot';
import { ChartEmpty } from './chart-empty';

export const CHART_HEIGHT = 176;
const AXIS_TICK = { fontSize: 11, fill: 'var(--chart-axis)' };

interface Props {
  spec: ChartSpec;
  rows: ChartRow[];
  from: number;
  to: number;
  showBands: boolean;
  /** The text alternative: what the chart shows, in words. */
  summary: string;
  /** Y-axis ticks from 0; the last one is the top of the chart. */
  ticks: number[];
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
  /** Alert periods shaded behind the lines. */
  areas?: readonly ChartArea[];
  /** Said over the grid when the chart has nothing to draw (lib/ui/chart-data emptyChartMessage). */
  empty?: string | null;
}

const AREA_FILL = { critical: 'rgb(220 38 38)', warning: 'rgb(217 119 6)' } as const;

function TooltipBody({ active, row, spec }: { active?: boolean; row?: ChartRow; spec: ChartSpec }) {
  if (!active || !row) return null;
  const fmt = FORMATTERS[spec.unit];
  return (
    <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-md" style={{ background: 'var(--tooltip-bg)', borderColor: 'var(--tooltip-border)' }}>
      <p className="mb-1 font-medium">{formatDateTime(row.t)}</p>
      {spec.series.map((s) => {
        const band = row[bandKey(s.metric)];
        return (
          <p key={s.metric} className="flex items-center gap-1.5 tabular-nums">
            <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} aria-hidden="true" />
            {s.label}: {fmt(row[dataKey(s.metric)] as number | null)}
            {Array.isArray(band) && (
              <span className="text-zinc-500">
                {' '}
                ({fmt(band[0])} – {fmt(band[1])})
              </span>
            )}
          </p>
        );
      })}
    </div>
  );
}

function indexTime(rows: ChartRow[], state: MouseHandlerDataParam): number | null {
  const i = Number(state.activeTooltipIndex);
  return Number.isInteger(i) && rows[i] ? rows[i].t : null;
}

/**
 * One history chart: averages as lines (or stacked areas), the min–max band
 * behind them on rollup ranges, gaps where there is no data. Drag across it
 * to zoom; click a point to see the processes at that time.
 */
export const TimeChart = memo(function TimeChart({ spec, rows, from, to, showBands, summary, ticks, onZoom, onPick, areas, empty }: Props) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const fmt = FORMATTERS[spec.unit];
  const span = to - from;
  return (
    <div role="img" aria-label={`${spec.title} chart. ${summary}`} className="relative select-none" style={{ height: CHART_HEIGHT }}>
      {empty && <ChartEmpty message={empty} />}
      <ComposedChart
        data={rows}
        responsive
        style={{ width: '100%', height: CHART_HEIGHT }}
        margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
        syncId="host"
        accessibilityLayer={false}
        cursor="crosshair"
        onMouseDown={(state) => {
          const t = indexTime(rows, state);
          if (t !== null) setDrag({ a: t, b: t });
        }}
        onMouseMove={(state) => {
          if (!drag) return;
          const t = indexTime(rows, state);
          if (t !== null && t !== drag.b) setDrag({ a: drag.a, b: t });
        }}
        onMouseUp={() => {
          if (!drag) return;
          const zoom = zoomSelection(drag.a, drag.b);
          setDrag(null);
          if (zoom) onZoom(zoom);
          else onPick(drag.a);
        }}
        onMouseLeave={() => setDrag(null)}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[from, to]}
          allowDataOverflow
          tickFormatter={(v: number) => formatTick(v, span)}
          tick={AXIS_TICK}
          stroke="var(--chart-grid)"
          minTickGap={48}
        />
        <YAxis
          width={68}
          tick={AXIS_TICK}
          stroke="var(--chart-grid)"
          tickFormatter={(v: number) => fmt(v)}
          ticks={ticks}
          domain={[0, ticks[ticks.length - 1]!]}
          interval={0}
          allowDataOverflow
        />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: 'var(--chart-axis)', strokeWidth: 1 }}
          content={(p) => <TooltipBody active={p.active} row={p.payload?.[0]?.payload as ChartRow | undefined} spec={spec} />}
        />
        {areas?.map((a, i) => (
          <ReferenceArea key={`alert-${i}`} x1={a.x1} x2={a.x2} fill={AREA_FILL[a.severity]} fillOpacity={0.12} stroke="none" ifOverflow="hidden" className="alert-area" />
        ))}
        {showBands &&
          spec.bands.map((m) => (
            <Area
              key={`band-${m}`}
              type="linear"
              dataKey={bandKey(m)}
              stroke="none"
              fill={spec.series.find((s) => s.metric === m)?.color ?? 'var(--chart-band)'}
              fillOpacity={0.15}
              isAnimationActive={false}
              connectNulls={false}
              activeDot={false}
              dot={false}
              legendType="none"
              name={`${m} range`}
            />
          ))}
        {spec.series.map((s) =>
          spec.stacked ? (
            <Area
              key={s.metric}
              type="linear"
              dataKey={dataKey(s.metric)}
              stackId="stack"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.35}
              strokeWidth={1}
              isAnimationActive={false}
              connectNulls={false}
              dot={loneDot(s.color)}
              activeDot={false}
              name={s.label}
            />
          ) : (
            <Line
              key={s.metric}
              type="linear"
              dataKey={dataKey(s.metric)}
              stroke={s.color}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
              dot={loneDot(s.color)}
              activeDot={{ r: 2.5 }}
              name={s.label}
            />
          ),
        )}
        {drag && drag.a !== drag.b && <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b)} fill="var(--chart-zoom)" stroke="var(--chart-band)" strokeOpacity={0.4} />}
      </ComposedChart>
    </div>
  );
});
