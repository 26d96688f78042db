import { formatDateTime, formatDuration } from '@/lib/format';
import type { PreviewPeriod } from '@/lib/ui/alerts/api-types';

const WIDTH = 1000;
const HEIGHT = 18;

/**
 * One host's line of the preview: the range from left to right, each firing
 * period shaded, and the moment it fired marked with a tick. SVG, no chart
 * library: the rules page stays light.
 */
export function PreviewTimeline({ periods, from, to, label }: { periods: readonly PreviewPeriod[]; from: number; to: number; label: string }) {
  const span = Math.max(1, to - from);
  const x = (t: number) => (Math.min(Math.max(t, from), to) - from) / span * WIDTH;
  const text = periods.length === 0 ? `${label}: never fired.` : `${label}: fired ${periods.length} time${periods.length === 1 ? '' : 's'}, first ${formatDateTime(periods[0]!.from)}.`;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-4 w-full" role="img" aria-label={text} data-testid="preview-timeline">
      <rect x={0} y={HEIGHT / 2 - 1} width={WIDTH} height={2} fill="var(--chart-grid)" />
      {periods.map((p, i) => {
        const x1 = x(p.from);
        const x2 = x(p.to ?? to);
        return (
          <g key={i}>
            <rect x={x1} y={3} width={Math.max(2, x2 - x1)} height={HEIGHT - 6} fill="rgb(220 38 38 / 0.35)">
              <title>{`${formatDateTime(p.from)}${p.entity ? ` ${p.entity}` : ''}: firing ${p.to === null ? 'at the end of the range' : `for ${formatDuration(p.to - p.from)}`}`}</title>
            </rect>
            <rect x={x1} y={0} width={2} height={HEIGHT} fill="rgb(220 38 38)" data-mark="fired" />
          </g>
        );
      })}
    </svg>
  );
}
