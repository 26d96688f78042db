'use client';

import { FORMATTERS } from '@/lib/format';
import { columnStats, type SeriesAnswer } from '@/lib/ui/chart-data';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import { isShown, legendItemLabel } from '@/lib/ui/legend-state';

/**
 * A chart's legend: each series with its latest value, as a toggle that
 * hides or shows the series (aria-pressed: shown).
 */
export function ChartLegend({ spec, answer, hidden, onToggle }: { spec: ChartSpec; answer: SeriesAnswer; hidden: ReadonlySet<string>; onToggle: (metric: string) => void }) {
  const fmt = FORMATTERS[spec.unit];
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
      <span className="text-zinc-500 dark:text-zinc-500">latest</span>
      <ul className="flex flex-wrap gap-x-1 gap-y-0.5" aria-label={`${spec.title} series`}>
        {spec.series.map((s) => {
          const col = answer.series[s.metric];
          const latest = fmt(col ? columnStats(col.avg).latest : null);
          const shown = isShown(hidden, s.metric);
          return (
            <li key={s.metric}>
              <button
                type="button"
                aria-pressed={shown}
                aria-label={legendItemLabel(s.label, latest, shown)}
                title={shown ? `Hide ${s.label}` : `Show ${s.label}`}
                data-series={s.metric}
                onClick={() => onToggle(s.metric)}
                className={`inline-flex items-center gap-1 rounded-sm px-1 py-0.5 tabular-nums hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:hover:bg-zinc-800 ${shown ? '' : 'line-through opacity-60'}`}
              >
                <span className="inline-block h-2 w-2 rounded-sm" style={{ background: shown ? s.color : 'transparent', outline: `1px solid ${s.color}` }} aria-hidden="true" />
                {s.label} <span className="font-medium text-zinc-900 dark:text-zinc-100">{latest}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
