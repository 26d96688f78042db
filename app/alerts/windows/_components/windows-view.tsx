'use client';

import { useMemo, useState } from 'react';
import useSWR from 'swr';
import type { MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import { windowActive } from '@/lib/alerts/suppress';
import { formatDateTime } from '@/lib/format';
import type { SilencesAnswer, WindowsAnswer } from '@/lib/ui/alerts/api-types';
import { scopeText } from '@/lib/ui/alerts/rule-words';
import { scheduleText } from '@/lib/ui/alerts/schedule';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { FormError } from '@/app/_components/field';
import { fetchJson, sendJson } from '@/app/_components/fetcher';
import { LocalTime, useNow } from '@/app/_components/relative-time';
import { useRequest } from '@/app/_components/use-request';
import { cardClass, dangerSecondaryButtonClass, rowClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '@/app/settings/_components/data-table';
import { WindowForm } from './window-form';

type Removing = { kind: 'window'; item: MaintenanceWindow } | { kind: 'silence'; item: Silence; label: string };

/**
 * Maintenance windows (notifications held back for their hosts while one is
 * open) and silences (one rule muted until a time), with delete.
 */
export function WindowsView({
  initialWindows,
  initialSilences,
  rules,
  hosts,
  serverNow,
}: {
  initialWindows: MaintenanceWindow[];
  initialSilences: Silence[];
  rules: { id: string; name: string }[];
  hosts: { id: string; name: string; tags: string[] }[];
  serverNow: number;
}) {
  const windows = useSWR<WindowsAnswer>('/api/v1/alerts/windows', fetchJson, { fallbackData: { windows: initialWindows }, refreshInterval: 60_000 });
  const silences = useSWR<SilencesAnswer>('/api/v1/alerts/silences', fetchJson, { fallbackData: { silences: initialSilences }, refreshInterval: 30_000 });
  const now = useNow(serverNow, 30_000);
  const [removing, setRemoving] = useState<Removing | null>(null);
  const { busy, error, run } = useRequest();
  const hostName = useMemo(() => new Map(hosts.map((h) => [h.id, h.name])), [hosts]);
  const ruleName = useMemo(() => new Map(rules.map((r) => [r.id, r.name])), [rules]);
  const silenceLabel = (s: Silence) => `${ruleName.get(s.ruleId) ?? 'deleted rule'}${s.hostId ? ` on ${hostName.get(s.hostId) ?? 'deleted host'}` : ' on every host'}${s.entity ? ` (${s.entity})` : ''}`;
  const activeSilences = (silences.data?.silences ?? []).filter((s) => s.until > now);

  return (
    <div className="space-y-8">
      <section aria-labelledby="windows-title" className="space-y-3">
        <h2 id="windows-title" className="text-lg font-semibold">
          Maintenance windows
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">While a window is open, its hosts&apos; alerts are still judged and shown, but nobody is notified.</p>
        <div className={`${cardClass} p-4`}>
          <WindowForm hosts={hosts} onCreated={() => void windows.mutate()} />
        </div>
        <FormError message={error} />
        <DataTable label="Maintenance windows" minWidthClass="min-w-[640px]" headings={['Name', 'When', 'Hosts', 'Now']} rowCount={windows.data?.windows.length ?? 0} emptyText="No maintenance windows.">
          {(windows.data?.windows ?? []).map((w) => (
            <tr key={w.id} className={rowClass} data-window={w.name}>
              <td className={`${tdClass} font-medium`}>{w.name}</td>
              <td className={tdClass} suppressHydrationWarning>
                {scheduleText(w.schedule, (ts) => formatDateTime(ts))}
              </td>
              <td className={tdClass}>{scopeText(w.scope, (id) => hostName.get(id))}</td>
              <td className={tdClass}>{windowActive(w, now) ? <strong className="text-amber-700 dark:text-amber-400">open</strong> : w.schedule.kind === 'once' && w.schedule.to <= now ? 'over' : 'closed'}</td>
              <td className={`${tdClass} text-right`}>
                <button type="button" className={dangerSecondaryButtonClass} onClick={() => setRemoving({ kind: 'window', item: w })} aria-label={`Delete ${w.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="silences-title" className="space-y-3">
        <h2 id="silences-title" className="text-lg font-semibold">
          Silences
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Silence a firing alert from the Alerts page; it is listed here until it ends.</p>
        <DataTable label="Silences" minWidthClass="min-w-[640px]" headings={['Silenced', 'Until', 'Comment']} rowCount={activeSilences.length} emptyText="No active silences.">
          {activeSilences.map((s) => (
            <tr key={s.id} className={rowClass} data-silence={silenceLabel(s)}>
              <td className={`${tdClass} font-medium`}>{silenceLabel(s)}</td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <LocalTime ts={s.until} />
              </td>
              <td className={`${tdClass} text-xs`}>{s.comment || '—'}</td>
              <td className={`${tdClass} text-right`}>
                <button type="button" className={dangerSecondaryButtonClass} onClick={() => setRemoving({ kind: 'silence', item: s, label: silenceLabel(s) })} aria-label={`Remove the silence of ${silenceLabel(s)}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={removing?.kind === 'window' ? `Delete ${removing.item.name}?` : 'Remove this silence?'}
        confirmLabel={removing?.kind === 'window' ? 'Delete window' : 'Remove silence'}
        busy={busy !== null}
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing) {
            const url = removing.kind === 'window' ? `/api/v1/alerts/windows/${encodeURIComponent(removing.item.id)}` : `/api/v1/alerts/silences/${encodeURIComponent(removing.item.id)}`;
            await run('remove', () => sendJson('DELETE', url));
            void (removing.kind === 'window' ? windows.mutate() : silences.mutate());
          }
          setRemoving(null);
        }}
      >
        <p>{removing?.kind === 'window' ? 'Its hosts are notified again as usual.' : `Notifications for ${removing?.kind === 'silence' ? removing.label : ''} go out again.`}</p>
      </ConfirmDialog>
    </div>
  );
}
