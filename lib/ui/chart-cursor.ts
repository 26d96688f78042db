/**
 * The keyboard and pointer paths to a point of a time chart, pure so they
 * can be tested without a browser: where a key moves the cursor, and which
 * row a pointer's x position means. Pointer positions are mapped by the
 * chart's own geometry, not by Recharts' hover state, which on touch still
 * holds the previous tap when the click arrives.
 */

/** Rows a Page Up / Page Down jumps: a tenth of the chart, at least one. */
export function pageStep(count: number): number {
  return Math.max(1, Math.round(count / 10));
}

/**
 * The cursor's next row for a key, or undefined when the key does not move
 * it. With no cursor yet, any move starts at the newest row (what a user
 * most often looks at); Home/End go to either end.
 */
export function stepCursor(index: number | null, count: number, key: string): number | undefined {
  if (count <= 0) return undefined;
  const last = count - 1;
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'ArrowLeft':
    case 'ArrowDown':
      return index === null ? last : clamp(index - 1);
    case 'ArrowRight':
    case 'ArrowUp':
      return index === null ? last : clamp(index + 1);
    case 'PageUp':
      return index === null ? last : clamp(index - pageStep(count));
    case 'PageDown':
      return index === null ? last : clamp(index + pageStep(count));
    default:
      return undefined;
  }
}

/** The index of the row whose time is nearest to `ts` (rows sorted by time), or null when there are none. */
export function nearestIndex(times: readonly number[], ts: number): number | null {
  if (times.length === 0) return null;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < ts) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && ts - times[lo - 1]! <= times[lo]! - ts) return lo - 1;
  return lo;
}

export interface PlotGeometry {
  /** Pixels from the chart's left edge to the plot area (margin + y-axis). */
  left: number;
  /** Pixels from the plot area's right edge to the chart's right edge. */
  right: number;
  /** The chart's whole width in pixels. */
  width: number;
}

/** The time under a pointer `x` pixels from the chart's left edge, clamped to the window. */
export function timeAtX(x: number, geo: PlotGeometry, from: number, to: number): number {
  const plot = geo.width - geo.left - geo.right;
  if (!(plot > 0)) return to;
  const f = Math.min(1, Math.max(0, (x - geo.left) / plot));
  return from + f * (to - from);
}
