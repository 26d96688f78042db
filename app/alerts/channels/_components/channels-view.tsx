'use client';

import { Fragment, useState } from 'react';
import useSWR from 'swr';
import type { Channel } from '@/lib/alerts/schemas';
import type { ChannelKind, ChannelsAnswer, TestAnswer } from '@/lib/ui/alerts/api-types';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { FormError } from '@/app/_components/field';
import { fetchJson, sendJson } from '@/app/_components/fetcher';
import { LocalTime } from '@/app/_components/relative-time';
import { useRequest } from '@/app/_components/use-request';
import { buttonClass, cardClass, dangerSecondaryButtonClass, rowClass, secondaryButtonClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '@/app/settings/_components/data-table';
import { ChannelForm } from './channel-form';
import { DeliveryLog } from './delivery-log';
import { TestResult } from './test-result';

const CHANNELS_URL = '/api/v1/alerts/channels';

/** A few settings in words ("URL ••••abcd"); secrets arrive masked. */
function settingsText(channel: Channel, kind: ChannelKind | undefined): string {
  const fields = kind?.fields ?? [];
  return Object.entries(channel.config)
    .slice(0, 3)
    .map(([k, v]) => `${fields.find((f) => f.name === k)?.label ?? k}: ${String(v)}`)
    .join(' · ');
}

/** Notification channels: add (by kind or URL), test, read each one's delivery log, edit, delete. */
export function ChannelsView({ initial, kinds }: { initial: Channel[]; kinds: ChannelKind[] }) {
  const channels = useSWR<ChannelsAnswer>(CHANNELS_URL, fetchJson, { fallbackData: { channels: initial } });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, TestAnswer>>({});
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const { busy, error, run } = useRequest();
  const list = channels.data?.channels ?? [];
  const kindOf = (k: string) => kinds.find((x) => x.kind === k);

  const test = async (c: Channel) => {
    const answer = await run(`test-${c.id}`, () => sendJson<TestAnswer>('POST', `${CHANNELS_URL}/${encodeURIComponent(c.id)}/test`));
    if (answer) setTests((t) => ({ ...t, [c.id]: answer }));
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Where alert notifications go. A rule names the channels it notifies.</p>
        {!adding && (
          <button type="button" className={buttonClass} onClick={() => setAdding(true)} aria-expanded={adding}>
            Add channel
          </button>
        )}
      </div>
      {adding && (
        <div className={`${cardClass} p-4`}>
          <ChannelForm
            kinds={kinds}
            onCancel={() => setAdding(false)}
            onSaved={() => {
              setAdding(false);
              void channels.mutate();
            }}
          />
        </div>
      )}
      <FormError message={error} />
      <DataTable
        label="Notification channels"
        minWidthClass="min-w-[760px]"
        headings={['Name', 'Kind', 'Settings', 'Changed']}
        rowCount={list.length}
        emptyText="No channels yet — add one to be notified (alerts still show on the Alerts page without)."
      >
        {list.map((c) => (
          <Fragment key={c.id}>
            <tr className={rowClass} data-channel={c.name}>
              <td className={`${tdClass} font-medium`}>{c.name}</td>
              <td className={tdClass}>{kindOf(c.kind)?.label ?? c.kind}</td>
              <td className={`${tdClass} max-w-80 truncate text-xs`} title={settingsText(c, kindOf(c.kind))}>
                {settingsText(c, kindOf(c.kind))}
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>
                <LocalTime ts={c.updatedAt} />
              </td>
              <td className={`${tdClass} whitespace-nowrap text-right`}>
                <span className="inline-flex gap-2">
                  <button type="button" className={secondaryButtonClass} onClick={() => test(c)} disabled={busy !== null} aria-label={`Send test to ${c.name}`}>
                    {busy === `test-${c.id}` ? 'Sending…' : 'Send test'}
                  </button>
                  <button type="button" className={secondaryButtonClass} onClick={() => setLogOf(logOf === c.id ? null : c.id)} aria-expanded={logOf === c.id} aria-label={`Delivery log of ${c.name}`}>
                    Log
                  </button>
                  <button type="button" className={secondaryButtonClass} onClick={() => setEditing(editing === c.id ? null : c.id)} aria-expanded={editing === c.id} aria-label={`Edit ${c.name}`}>
                    Edit
                  </button>
                  <button type="button" className={dangerSecondaryButtonClass} onClick={() => setDeleting(c)} aria-label={`Delete ${c.name}`}>
                    Delete
                  </button>
                </span>
              </td>
            </tr>
            {(tests[c.id] || logOf === c.id || editing === c.id) && (
              <tr className={rowClass}>
                <td colSpan={5} className="space-y-3 bg-zinc-50 px-3 py-3 dark:bg-zinc-950/40">
                  <TestResult result={tests[c.id] ?? null} />
                  {editing === c.id && (
                    <ChannelForm
                      kinds={kinds}
                      channel={c}
                      onCancel={() => setEditing(null)}
                      onSaved={() => {
                        setEditing(null);
                        void channels.mutate();
                      }}
                    />
                  )}
                  {logOf === c.id && <DeliveryLog channelId={c.id} name={c.name} />}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </DataTable>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete channel"
        busy={busy !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await run('delete', () => sendJson('DELETE', `${CHANNELS_URL}/${encodeURIComponent(deleting.id)}`));
          setDeleting(null);
          void channels.mutate();
        }}
      >
        <p>Rules that name it keep working; they just stop notifying here.</p>
      </ConfirmDialog>
    </div>
  );
}
