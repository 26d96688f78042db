import { formatAgo, formatDuration, FORMATTERS } from '@/lib/format';
import type { SharedAlert } from '@/lib/shares/view';

const valueText = (a: SharedAlert, n: number | null) => {
  if (n === null) return null;
  if (a.unit === 'ms') return formatDuration(n);
  return a.unit ? FORMATTERS[a.unit](n) : String(n);
};

/** The host's pending and firing alerts, when the link's creator chose to show them: what, how bad, since when. */
export function SharedAlerts({ alerts, now }: { alerts: SharedAlert[]; now: number }) {
  return (
    <section aria-label="Alerts" className="rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
      {alerts.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">No alerts are firing on this host.</p>
      ) : (
        <ul className="space-y-1">
          {alerts.map((a) => {
            const value = valueText(a, a.value);
            const threshold = valueText(a, a.threshold);
            return (
              <li key={`${a.ruleName}\u0000${a.entity}`} className="flex flex-wrap items-baseline gap-x-2">
                <span
                  className={
                    a.status === 'firing'
                      ? a.severity === 'critical'
                        ? 'font-semibold text-red-700 dark:text-red-400'
                        : 'font-semibold text-amber-700 dark:text-amber-400'
                      : 'text-zinc-600 dark:text-zinc-400'
                  }
                >
                  {a.status === 'firing' ? (a.severity === 'critical' ? 'Critical' : 'Warning') : 'Pending'}
                </span>
                <span className="font-medium">
                  {a.ruleName}
                  {a.entity ? ` (${a.entity})` : ''}
                </span>
                {value && (
                  <span>
                    {value}
                    {threshold ? ` (threshold ${threshold})` : ''}
                  </span>
                )}
                <span className="text-zinc-500">since {formatAgo(a.since, now)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
