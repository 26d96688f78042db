'use client';

import Link from 'next/link';
import type { AlertView } from '@/lib/ui/alerts/api-types';
import { isSilenced } from '@/lib/ui/alerts/summary';
import { valueText } from '@/lib/ui/alerts/values';
import { SeverityBadge } from '@/app/_components/alerts/severity-badge';
import { LocalTime, RelativeTime } from '@/app/_components/relative-time';
import { linkClass } from '@/app/_components/styles';

/** The host's pending and firing alerts in its header: rule, value, since when, severity; silenced and acknowledged ones say so. */
export function HostAlerts({ hostId, alerts, now, serverNow }: { hostId: string; alerts: readonly AlertView[]; now: number; serverNow: number }) {
  if (alerts.length === 0) return null;
  const firing = alerts.some((a) => a.status === 'firing');
  return (
    <section
      aria-label="Alerts on this host"
      data-testid="host-alerts"
      className={`rounded-lg border px-3 py-2 text-sm ${
        firing ? 'border-red-300 bg-red-50 text-red-950 dark:border-red-900 dark:bg-red-950/60 dark:text-red-100' : 'border-zinc-300 bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900'
      }`}
    >
      <ul className="space-y-1">
        {alerts.map((a) => (
          <li key={`${a.ruleId}\u0000${a.entity}`} className="flex flex-wrap items-center gap-x-2 gap-y-0.5" data-alert-rule={a.ruleName} data-alert-status={a.status}>
            <SeverityBadge severity={a.severity} />
            <strong className="font-medium">{a.ruleName}</strong>
            {a.entity && <span className="break-all">{a.entity}</span>}
            <span className="tabular-nums">{valueText(a.value, a.unit)}</span>
            <span className="text-xs opacity-80">
              {a.status} since <RelativeTime ts={a.since} serverNow={serverNow} />
            </span>
            {isSilenced(a, now) && (
              <span className="text-xs opacity-80" data-testid="silenced">
                silenced until <LocalTime ts={a.silencedUntil!} />
              </span>
            )}
            {a.acknowledgedBy && <span className="text-xs opacity-80">acknowledged{a.acknowledgedByName ? ` by ${a.acknowledgedByName}` : ''}</span>}
          </li>
        ))}
      </ul>
      <Link href={`/alerts?host=${encodeURIComponent(hostId)}`} className={`${linkClass} mt-1 inline-block text-xs`}>
        Alerts and history of this host
      </Link>
    </section>
  );
}
