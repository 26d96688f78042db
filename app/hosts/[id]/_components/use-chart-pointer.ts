'use client';

import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { nearestIndex, stepCursor, timeAtX } from '@/lib/ui/chart-cursor';
import { AXIS_WIDTH, CHART_RIGHT_MARGIN } from '@/lib/ui/chart-axis';
import type { ChartRow } from '@/lib/ui/chart-data';
import { zoomSelection, type RangeSelection } from '@/lib/ui/range';

/**
 * Pointer (mouse, touch, pen) and keyboard handling of one time chart.
 * The time under a pointer comes from the pointer's own position and the
 * chart's geometry: Recharts' click state lags a tap behind on touch (it is
 * set by the hover that a tap only fires afterwards), which picked the
 * previous tap's minute. Arrow keys move a cursor over the rows; Enter picks
 * its minute; Escape clears it.
 */
export function useChartPointer({
  rows,
  from,
  to,
  pickable,
  onZoom,
  onPick,
}: {
  rows: ChartRow[];
  from: number;
  to: number;
  pickable: boolean;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number; pointer: number } | null>(null);
  // The cursor is a time, not an index, so a refresh that shifts the rows keeps it on the same minute.
  const [cursorTs, setCursorTs] = useState<number | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const times = useMemo(() => rows.map((r) => r.t), [rows]);
  const cursorIndex = cursorTs === null ? null : nearestIndex(times, cursorTs);

  const rowTimeAt = (clientX: number): number | null => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect) return null;
    const t = timeAtX(clientX - rect.left, { left: AXIS_WIDTH, right: CHART_RIGHT_MARGIN, width: rect.width }, from, to);
    const i = nearestIndex(times, t);
    return i === null ? null : times[i]!;
  };
  const pick = (t: number) => {
    if (!pickable) return;
    setPicked(t);
    onPick(t);
  };

  const handlers = {
    onPointerDown: (e: PointerEvent<HTMLDivElement>) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      const t = rowTimeAt(e.clientX);
      if (t !== null) setDrag({ a: t, b: t, pointer: e.pointerId });
    },
    onPointerMove: (e: PointerEvent<HTMLDivElement>) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      const t = rowTimeAt(e.clientX);
      if (t !== null && t !== drag.b) setDrag({ ...drag, b: t });
    },
    onPointerUp: (e: PointerEvent<HTMLDivElement>) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      // The release point counts: a quick flick may have sent no move in between.
      const b = rowTimeAt(e.clientX) ?? drag.b;
      setDrag(null);
      const zoom = zoomSelection(drag.a, b);
      if (zoom) onZoom(zoom);
      else pick(drag.a);
    },
    // A touch that turns into a scroll, or a pointer leaving, is no pick and no zoom.
    onPointerCancel: () => setDrag(null),
    onPointerLeave: () => setDrag(null),
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key === 'Escape') {
        if (cursorTs === null && !drag) return;
        setCursorTs(null);
        setDrag(null);
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' || e.key === ' ') {
        if (cursorIndex === null || !pickable) return;
        e.preventDefault();
        pick(times[cursorIndex]!);
        return;
      }
      const next = stepCursor(cursorIndex, times.length, e.key);
      if (next === undefined) return;
      e.preventDefault();
      setCursorTs(times[next]!);
      setPicked(null);
    },
    onBlur: () => setCursorTs(null),
  };

  return {
    box,
    handlers,
    drag,
    cursor: cursorIndex === null ? null : rows[cursorIndex]!,
    picked,
  };
}
