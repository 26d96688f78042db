'use client';

import { memo, useContext } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { FORMATTERS, formatDateTime, formatTick } from '@/lib/format';
import type { ChartArea } from '@/lib/ui/alerts/chart-areas';
import { AXIS_WIDTH, CHART_RIGHT_MARGIN, CHART_TOP_MARGIN, axisTickLabel } from '@/lib/ui/chart-axis';
import { bandKey, dataKey, type ChartRow } from '@/lib/ui/chart-data';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import { isShown } from '@/lib/ui/legend-state';
import type { RangeSelection } from '@/lib/ui/range';
import { loneDot } from './chart-dot';
import { ChartEmpty } from './chart-empty';
import { useChartPointer } from './use-chart-pointer';
import { ChartUtcContext } from './use-time-zone';

export const CHART_HEIGHT = 176;
const AXIS_TICK = { fontSize: 11, fill: 'var(--chart-axis)' };

/** A horizontal mark across the chart (the memory chart's total). */
export interface ChartReferenceLine {
  y: number;
  label: string;
}

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
  /** Axis, tooltip and cursor times in UTC instead of the browser's zone; unset: as the page says (ChartUtcContext). */
  utc?: boolean;
  /** Metrics hidden from the legend. */
  hidden?: ReadonlySet<string>;
  referenceLines?: readonly ChartReferenceLine[];
  /** Whether a click, tap or Enter picks a time (false where nothing answers a pick). */
  pickable?: boolean;
  /** Said over the grid when the chart has nothing to draw (lib/ui/chart-data emptyChartMessage). */
  empty?: string | null;
}

const AREA_FILL = { critical: 'rgb(220 38 38)', warning: 'rgb(217 119 6)' } as const;

function valuesText(row: ChartRow, spec: ChartSpec, hidden: ReadonlySet<string> | undefined): string {
  const fmt = FORMATTERS[spec.unit];
  return spec.series
    .filter((s) => isShown(hidden, s.metric))
    .map((s) => `${s.label} ${fmt(row[dataKey(s.metric)] as number | null)}`)
    .join(', ');
}

function TooltipBody({ active, row, spec, utc, hidden }: { active?: boolean; row?: ChartRow; spec: ChartSpec; utc: boolean; hidden?: ReadonlySet<string> }) {
  if (!active || !row) return null;
  const fmt = FORMATTERS[spec.unit];
  return (
    <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-md" style={{ background: 'var(--tooltip-bg)', borderColor: 'var(--tooltip-border)' }}>
      <p className="mb-1 font-medium">
        {formatDateTime(row.t, utc)}
        {utc && ' UTC'}
      </p>
      {spec.series
        .filter((s) => isShown(hidden, s.metric))
        .map((s) => {
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

/**
 * One history chart: averages as lines (or stacked areas), the min–max band
 * behind them on rollup ranges, gaps where there is no data. Drag across it
 * to zoom; click or tap a point, or move the keyboard cursor and press
 * Enter, to see the processes at that time.
 */
export const TimeChart = memo(function TimeChart({ spec, rows, from, to, showBands, summary, ticks, onZoom, onPick, areas, utc: utcProp, hidden, referenceLines, pickable = true, empty }: Props) {
  const pageUtc = useContext(ChartUtcContext);
  const utc = utcProp ?? pageUtc;
  const { box, handlers, drag, cursor, picked } = useChartPointer({ rows, from, to, pickable, onZoom, onPick });
  const span = to - from;
  const keys = pickable ? 'Arrow keys move a cursor, Enter shows the processes at that minute, Escape clears it.' : 'Arrow keys move a cursor, Escape clears it.';
  const status = cursor
    ? `${picked === cursor.t ? 'Picked' : 'Cursor at'} ${formatDateTime(cursor.t, utc)}${utc ? ' UTC' : ''}: ${valuesText(cursor, spec, hidden)}${picked === cursor.t ? '. Processes at that time are shown below.' : ''}`
    : '';
  return (
    <div>
      <div
        ref={box}
        tabIndex={0}
        role="group"
        aria-label={`${spec.title} chart. ${keys}`}
        data-cursor={cursor?.t}
        data-picked={picked ?? undefined}
        className="select-none rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        // Vertical swipes still scroll the page; a horizontal one drags a zoom.
        style={{ height: CHART_HEIGHT, touchAction: 'pan-y' }}
        {...handlers}
      >
        <div role="img" aria-label={`${spec.title} chart. ${summary}`} className="relative" style={{ height: CHART_HEIGHT }}>
          {empty && <ChartEmpty message={empty} />}
          <ComposedChart
            data={rows}
            responsive
            style={{ width: '100%', height: CHART_HEIGHT }}
            margin={{ top: CHART_TOP_MARGIN, right: CHART_RIGHT_MARGIN, bottom: 0, left: 0 }}
            syncId="host"
            accessibilityLayer={false}
            cursor="crosshair"
          >
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              allowDataOverflow
              tickFormatter={(v: number) => formatTick(v, span, utc)}
              tick={AXIS_TICK}
              stroke="var(--chart-grid)"
              minTickGap={48}
            />
            <YAxis
              width={AXIS_WIDTH}
              tick={AXIS_TICK}
              stroke="var(--chart-grid)"
              tickFormatter={(v: number) => axisTickLabel(spec.unit, v)}
              ticks={ticks}
              domain={[0, ticks[ticks.length - 1]!]}
              interval={0}
              allowDataOverflow
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ stroke: 'var(--chart-axis)', strokeWidth: 1 }}
              content={(p) => <TooltipBody active={p.active} row={p.payload?.[0]?.payload as ChartRow | undefined} spec={spec} utc={utc} hidden={hidden} />}
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
                  hide={!isShown(hidden, m)}
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
                  hide={!isShown(hidden, s.metric)}
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
                  hide={!isShown(hidden, s.metric)}
                />
              ),
            )}
            {referenceLines?.map((r) => (
              <ReferenceLine
                key={`ref-${r.label}`}
                y={r.y}
                stroke="var(--chart-axis)"
                strokeDasharray="4 3"
                ifOverflow="extendDomain"
                className="reference-line"
                label={{ value: r.label, position: 'insideTopRight', fontSize: 11, fill: 'var(--chart-axis)' }}
              />
            ))}
            {cursor && <ReferenceLine x={cursor.t} stroke="var(--chart-axis)" strokeWidth={1.5} strokeDasharray="3 2" ifOverflow="hidden" className="chart-cursor" />}
            {drag && drag.a !== drag.b && <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b)} fill="var(--chart-zoom)" stroke="var(--chart-band)" strokeOpacity={0.4} />}
          </ComposedChart>
        </div>
      </div>
      <p className={`min-h-4 text-xs tabular-nums text-zinc-600 dark:text-zinc-400 ${status ? '' : 'sr-only'}`} aria-live="polite" data-testid="chart-cursor-status">
        {status}
      </p>
    </div>
  );
});
