'use client';

import Link from 'next/link';
import type { AlertEvent, AlertEventKind, AlertRule } from '@/lib/alerts/schemas';
import { formatDuration } from '@/lib/format';
import { suffixOf, unitOfCondition } from '@/lib/ui/alerts/rule-words';
import { valueText } from '@/lib/ui/alerts/values';
import { SeverityBadge } from '@/app/_components/alerts/severity-badge';
import { LocalTime } from '@/app/_components/relative-time';
import { cardClass, linkClass, rowClass, tdClass, thClass } from '@/app/_components/styles';

const KIND_STYLE: Record<AlertEventKind, string> = {
  firing: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  resolved: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  repeat: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  acknowledged: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
};
const KIND_TEXT: Record<AlertEventKind, string> = { firing: 'fired', resolved: 'resolved', repeat: 'reminder', acknowledged: 'acknowledged' };

function note(e: AlertEvent): string {
  const parts: string[] = [];
  if (e.kind === 'resolved' && e.firingSince !== null) parts.push(`after ${formatDuration(e.at - e.firingSince)}`);
  if (e.suppressed) parts.push(e.suppressed === 'maintenance' ? 'not sent: maintenance window' : 'not sent: silenced');
  return parts.join('; ');
}

/** The alert history, newest first, as the events API answers it. */
export function HistoryTable({ events, rules, loading }: { events: AlertEvent[]; rules: ReadonlyMap<string, AlertRule>; loading: boolean }) {
  return (
    <div className={`${cardClass} relative overflow-x-auto transition-opacity ${loading ? 'opacity-70' : ''}`} aria-busy={loading}>
      <table className="w-full min-w-[820px] border-collapse" aria-label="Alert history">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            {['Time', 'Event', 'Host', 'Rule', 'Value', 'Severity', 'Note'].map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const c = rules.get(e.ruleId)?.condition;
            return (
              <tr key={e.id} className={rowClass} data-event-kind={e.kind}>
                <td className={`${tdClass} whitespace-nowrap`}>
                  <LocalTime ts={e.at} />
                </td>
                <td className={tdClass}>
                  <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${KIND_STYLE[e.kind]}`}>{KIND_TEXT[e.kind]}</span>
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  <Link href={`/hosts/${encodeURIComponent(e.hostId)}`} className={linkClass}>
                    {e.hostName}
                  </Link>
                </td>
                <td className={tdClass}>
                  {e.ruleName}
                  {e.entity && <span className="block break-all text-xs text-zinc-500 dark:text-zinc-400">{e.entity}</span>}
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>{valueText(e.value, unitOfCondition(c), c?.kind, suffixOf(c))}</td>
                <td className={tdClass}>
                  <SeverityBadge severity={e.severity} />
                </td>
                <td className={`${tdClass} text-xs text-zinc-600 dark:text-zinc-400`}>{note(e)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
