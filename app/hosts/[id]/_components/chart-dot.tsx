import type { DotItemDotProps } from 'recharts';
import { isLonePoint } from '@/lib/ui/chart-data';

type DotRenderer = (props: DotItemDotProps) => React.ReactNode;

/** One renderer per colour, kept, so a re-render hands Recharts the same function. */
const renderers = new Map<string, DotRenderer>();

/**
 * The `dot` of a chart line or area: nothing where the line itself shows the
 * point, a dot where a point has no neighbour (a line through one point has
 * no length), so a single bucket of a new host is visible.
 */
export function loneDot(color: string): DotRenderer {
  let render = renderers.get(color);
  if (!render) {
    render = function LoneDot({ points, index, dataKey, cx, cy }: DotItemDotProps) {
      const key = typeof dataKey === 'string' ? dataKey : null;
      if (key === null || cx === undefined || cy === undefined || cx === null || cy === null) return null;
      const valueAt = (i: number) => (points[i]?.payload as Record<string, unknown> | undefined)?.[key];
      if (!isLonePoint(valueAt, index, points.length)) return null;
      return <circle key={`lone-${index}`} className="lone-point" cx={cx} cy={cy} r={3} fill={color} stroke="none" />;
    };
    renderers.set(color, render);
  }
  return render;
}
