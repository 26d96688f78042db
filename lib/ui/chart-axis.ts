import { FORMATTERS, type UnitKind } from '@/lib/format';

/**
 * Y-axis labels that fit their axis: Recharts breaks tick text at spaces
 * when it is wider than the axis, so "10 MiB/s" came out as "10" over
 * "MiB/s". A no-break space keeps number and unit on one line, and the axis
 * is wide enough for the longest unit ("1000 KiB/s").
 */

export const AXIS_WIDTH = 74;
/** Room above the top tick so its label (centred on the tick) is not cut off. */
export const CHART_TOP_MARGIN = 10;
export const CHART_RIGHT_MARGIN = 8;

export function axisTickLabel(unit: UnitKind, value: number): string {
  return FORMATTERS[unit](value).replace(/ /g, '\u00a0');
}
