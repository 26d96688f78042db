import { formatPct } from '@/lib/format';
import { USAGE_LEVEL_TEXT, usageLevel, type UsageLevel } from '@/lib/ui/thresholds';

const TEXT: Record<UsageLevel, string> = {
  ok: '',
  warn: 'font-semibold text-amber-700 dark:text-amber-400',
  critical: 'font-semibold text-red-700 dark:text-red-400',
};
const BAR: Record<UsageLevel, string> = { ok: 'bg-sky-500', warn: 'bg-amber-500', critical: 'bg-red-500' };

/**
 * A CPU, memory or disk percentage painted by the shared thresholds, with a
 * symbol and (for screen readers and the tooltip) words beside the colour.
 */
export function UsageValue({ pct, what }: { pct: number | null | undefined; what: string }) {
  const level = usageLevel(pct);
  const text = level ? USAGE_LEVEL_TEXT[level] : null;
  return (
    <span className={`inline-flex items-center gap-0.5 whitespace-nowrap ${level ? TEXT[level] : ''}`} data-level={level ?? 'none'} title={text?.words ? `${what} ${text.words}` : undefined}>
      {text?.symbol && (
        <span aria-hidden="true" className="text-[0.65rem] leading-none">
          {text.symbol}
        </span>
      )}
      {formatPct(pct)}
      {text?.words && <span className="sr-only">, {text.words}</span>}
    </span>
  );
}

/** The same percentage as a labelled bar (the phone cards), in the level's colour. */
export function UsageBar({ pct, what }: { pct: number | null | undefined; what: string }) {
  const level = usageLevel(pct);
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="text-zinc-500 dark:text-zinc-400">{what}</span>
        <UsageValue pct={pct} what={what} />
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
        {level && <div className={`h-full ${BAR[level]}`} style={{ width: `${Math.min(100, Math.max(0, pct ?? 0))}%` }} />}
      </div>
    </div>
  );
}
