'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { AlertRule } from '@/lib/alerts/schemas';
import type { AlertView } from '@/lib/ui/alerts/api-types';
import { suffixOf, thresholdText } from '@/lib/ui/alerts/rule-words';
import { isSilenced } from '@/lib/ui/alerts/summary';
import { valueText } from '@/lib/ui/alerts/values';
import { SeverityBadge } from '@/app/_components/alerts/severity-badge';
import { FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { LocalTime, RelativeTime } from '@/app/_components/relative-time';
import { useRequest } from '@/app/_components/use-request';
import { cardClass, linkClass, rowClass, secondaryButtonClass, tdClass, thClass } from '@/app/_components/styles';
import { SilenceDialog } from './silence-dialog';

const keyOf = (a: Pick<AlertView, 'ruleId' | 'hostId' | 'entity'>) => `${a.ruleId}\u0000${a.hostId}\u0000${a.entity}`;

function StatusCell({ alert, now, serverNow }: { alert: AlertView; now: number; serverNow: number }) {
  const silenced = isSilenced(alert, now);
  return (
    <div className="flex flex-col gap-0.5">
      <span
        className={`inline-flex w-fit items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${
          alert.status === 'firing' ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
        }`}
        data-alert-status={alert.status}
      >
        {alert.status}
      </span>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        since <RelativeTime ts={alert.since} serverNow={serverNow} />
      </span>
      {silenced && (
        <span className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="silenced">
          silenced until <LocalTime ts={alert.silencedUntil!} />
        </span>
      )}
      {alert.maintenance && <span className="text-xs text-zinc-600 dark:text-zinc-300">in maintenance</span>}
      {alert.acknowledgedBy && (
        <span className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="acknowledged">
          acknowledged{alert.acknowledgedByName ? ` by ${alert.acknowledgedByName}` : ''}
        </span>
      )}
    </div>
  );
}

/**
 * What is firing and pending now, most urgent first: host, rule, value and
 * threshold, since when, severity; admins can silence or acknowledge each.
 */
export function CurrentAlerts({
  alerts,
  rules,
  isAdmin,
  now,
  serverNow,
  onChanged,
}: {
  alerts: AlertView[];
  rules: ReadonlyMap<string, AlertRule>;
  isAdmin: boolean;
  now: number;
  serverNow: number;
  onChanged: () => void;
}) {
  const [silencing, setSilencing] = useState<AlertView | null>(null);
  const { busy, error, run } = useRequest();
  const acknowledge = async (a: AlertView) => {
    const ok = await run(keyOf(a), () => sendJson('POST', '/api/v1/alerts/acknowledge', { ruleId: a.ruleId, hostId: a.hostId, entity: a.entity }));
    if (ok !== undefined) onChanged();
  };
  return (
    <>
      <FormError message={error} />
      <div className={`${cardClass} relative overflow-x-auto`}>
        <table className="w-full min-w-[860px] border-collapse" aria-label="Firing and pending alerts">
          <thead className="border-b border-zinc-200 dark:border-zinc-800">
            <tr>
              {['Host', 'Rule', 'Value', 'Status', 'Severity'].map((h) => (
                <th key={h} scope="col" className={thClass}>
                  {h}
                </th>
              ))}
              {isAdmin && (
                <th scope="col" className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => {
              const rule = rules.get(a.ruleId);
              const threshold = rule ? thresholdText(rule.condition) : null;
              const label = `${a.ruleName} on ${a.hostName}${a.entity ? ` ${a.entity}` : ''}`;
              return (
                <tr key={keyOf(a)} className={rowClass} data-alert-rule={a.ruleName} data-alert-host={a.hostName}>
                  <td className={`${tdClass} whitespace-nowrap`}>
                    <Link href={`/hosts/${encodeURIComponent(a.hostId)}`} className={`${linkClass} font-medium`}>
                      {a.hostName}
                    </Link>
                  </td>
                  <td className={tdClass}>
                    <span className="font-medium">{a.ruleName}</span>
                    {a.entity && <span className="block break-all text-xs text-zinc-500 dark:text-zinc-400">{a.entity}</span>}
                  </td>
                  <td className={`${tdClass} whitespace-nowrap`}>
                    {valueText(a.value, a.unit, rule?.condition.kind, suffixOf(rule?.condition))}
                    {threshold && <span className="block text-xs text-zinc-500 dark:text-zinc-400">fires {threshold}</span>}
                  </td>
                  <td className={tdClass}>
                    <StatusCell alert={a} now={now} serverNow={serverNow} />
                  </td>
                  <td className={tdClass}>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  {isAdmin && (
                    <td className={`${tdClass} whitespace-nowrap text-right`}>
                      <span className="inline-flex gap-2">
                        <button type="button" className={secondaryButtonClass} onClick={() => setSilencing(a)} aria-label={`Silence ${label}`}>
                          Silence
                        </button>
                        {a.status === 'firing' && !a.acknowledgedBy && (
                          <button type="button" className={secondaryButtonClass} onClick={() => acknowledge(a)} disabled={busy !== null} aria-label={`Acknowledge ${label}`}>
                            {busy === keyOf(a) ? 'Acknowledging…' : 'Acknowledge'}
                          </button>
                        )}
                      </span>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {isAdmin && (
        <SilenceDialog
          alert={silencing}
          onClose={() => setSilencing(null)}
          onDone={() => {
            setSilencing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}
