'use client';

import useSWR from 'swr';
import type { DeliveryLogAnswer } from '@/lib/ui/alerts/api-types';
import { fetchJson } from '@/app/_components/fetcher';
import { LocalTime } from '@/app/_components/relative-time';
import { requestErrorMessage } from '@/app/_components/use-request';
import { tdClass, thClass } from '@/app/_components/styles';

/** A channel's last delivery attempts, newest first: when, whether the receiver took it, its status and what it said. */
export function DeliveryLog({ channelId, name }: { channelId: string; name: string }) {
  const log = useSWR<DeliveryLogAnswer>(`/api/v1/alerts/channels/${encodeURIComponent(channelId)}/log`, fetchJson, { refreshInterval: 15_000 });
  if (log.error) return <p className="text-sm text-red-700 dark:text-red-400">{requestErrorMessage(log.error)}</p>;
  if (!log.data) return <p className="text-sm text-zinc-500">Loading the delivery log…</p>;
  if (log.data.attempts.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing sent yet: attempts to deliver alerts on this channel appear here (tests are not logged).</p>;
  return (
    <table className="w-full border-collapse" aria-label={`Delivery log of ${name}`} data-testid="delivery-log">
      <thead>
        <tr>
          {['When', 'Result', 'Status', 'Detail'].map((h) => (
            <th key={h} scope="col" className={thClass}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {log.data.attempts.map((a, i) => (
          <tr key={`${a.deliveryId}-${i}`} className="border-t border-zinc-100 dark:border-zinc-800/60">
            <td className={`${tdClass} whitespace-nowrap`}>
              <LocalTime ts={a.at} />
            </td>
            <td className={tdClass}>
              <span className={a.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>{a.ok ? 'sent' : 'failed'}</span>
            </td>
            <td className={tdClass}>{a.status ?? '—'}</td>
            <td className={`${tdClass} break-all text-xs`}>{a.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
