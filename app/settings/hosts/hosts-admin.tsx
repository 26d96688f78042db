'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { AddHostForm, EnrolmentInfo, type Enrolment } from '@/app/_components/add-host';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { RelativeTime } from '@/app/_components/relative-time';
import { StatusBadge } from '@/app/_components/status-badge';
import { HostNameLink } from '@/app/_components/host-name-link';
import { buttonClass, cardClass, dangerSecondaryButtonClass, inputClass, rowClass, secondaryButtonClass, tdClass } from '@/app/_components/styles';
import type { Status } from '@/lib/ui/fleet';
import { parseTagInput } from '@/lib/ui/tags';
import { DataTable } from '../_components/data-table';
import { useAction } from '../_components/use-action';

export interface AdminHost {
  id: string;
  name: string;
  tags: string[];
  disabled: boolean;
  status: Status;
  lastSeen: number | null;
}

function EditHost({ host, onDone }: { host: AdminHost; onDone: () => void }) {
  const [name, setName] = useState(host.name);
  const [tags, setTags] = useState(host.tags.join(', '));
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run('save', () => sendJson('PATCH', `/api/v1/hosts/${encodeURIComponent(host.id)}`, { name: name.trim(), tags: parseTagInput(tags) }));
    if (ok !== undefined) onDone();
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={`Edit ${host.name}`}>
      <Field label="Name">
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </Field>
      <Field label="Tags">
        <input className={inputClass} value={tags} onChange={(e) => setTags(e.target.value)} />
      </Field>
      <button type="submit" className={buttonClass} disabled={busy !== null}>
        Save
      </button>
      <button type="button" className={secondaryButtonClass} onClick={onDone}>
        Cancel
      </button>
      <FormError message={error} wide />
    </form>
  );
}

/**
 * Which host a dialog is about, beyond its name (two hosts of an older store
 * may share one): the name in full, its id, when it was last seen, its tags.
 */
function HostIdentity({ host, serverNow }: { host: AdminHost; serverNow: number }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-950/50" data-testid="host-identity">
      <dt className="text-zinc-500">Name</dt>
      <dd className="break-all font-medium">{host.name}</dd>
      <dt className="text-zinc-500">Id</dt>
      <dd className="break-all font-mono text-xs">{host.id}</dd>
      <dt className="text-zinc-500">Last seen</dt>
      <dd>{host.lastSeen === null ? 'never' : <RelativeTime ts={host.lastSeen} serverNow={serverNow} />}</dd>
      <dt className="text-zinc-500">Tags</dt>
      <dd className="break-all">{host.tags.length > 0 ? host.tags.join(', ') : 'none'}</dd>
    </dl>
  );
}

/** Hosts for admins: add, rename and tag, rotate the token, disable, delete (after naming the host). */
export function HostsAdmin({ hosts, serverNow }: { hosts: AdminHost[]; serverNow: number }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'delete' | 'rotate'; host: AdminHost } | null>(null);
  const [rotated, setRotated] = useState<{ enrolment: Enrolment; name: string } | null>(null);
  const { busy, error, run } = useAction();
  // The list is the server page's: a new host shows once the page is rendered again, as after every other action here.
  const router = useRouter();

  const onConfirm = async () => {
    if (!confirm) return;
    const url = `/api/v1/hosts/${encodeURIComponent(confirm.host.id)}`;
    if (confirm.kind === 'delete') {
      await run('delete', () => sendJson('DELETE', url));
    } else {
      const e = await run('rotate', () => sendJson<Enrolment>('POST', `${url}/rotate-token`));
      if (e) setRotated({ enrolment: e, name: confirm.host.name });
    }
    setConfirm(null);
  };

  return (
    <div className="space-y-4">
      <div className={`${cardClass} p-4`}>
        <h2 className="mb-3 text-base font-semibold">Add a host</h2>
        <AddHostForm onCreated={() => router.refresh()} />
      </div>
      {rotated && (
        <div className="space-y-2">
          <EnrolmentInfo enrolment={rotated.enrolment} name={rotated.name} />
          <button type="button" className={secondaryButtonClass} onClick={() => setRotated(null)}>
            Done
          </button>
        </div>
      )}
      <FormError message={error} />
      <DataTable label="Hosts" minWidthClass="min-w-[720px]" headings={['Host', 'Status']} rowCount={hosts.length} emptyText="No hosts yet.">
        {hosts.map((h) => (
          <tr key={h.id} className={`${rowClass} align-top`} data-host-id={h.id}>
            <td className={tdClass}>
              {editing === h.id ? (
                <EditHost host={h} onDone={() => setEditing(null)} />
              ) : (
                <div className="min-w-0 max-w-[min(28rem,60vw)]">
                  <HostNameLink id={h.id} name={h.name} />
                  <span className="block truncate font-mono text-xs text-zinc-500" title={h.id}>
                    {h.id}
                  </span>
                  {h.tags.length > 0 && (
                    <span className="mt-0.5 block truncate text-xs text-zinc-500" title={h.tags.join(', ')}>
                      {h.tags.join(', ')}
                    </span>
                  )}
                </div>
              )}
            </td>
            <td className={`${tdClass} whitespace-nowrap`}>
              <StatusBadge status={h.status} disabled={h.disabled} />
              <span className="mt-0.5 block text-xs text-zinc-500">
                {h.lastSeen === null ? 'never seen' : <RelativeTime ts={h.lastSeen} serverNow={serverNow} prefix="seen " />}
              </span>
            </td>
            <td className={`${tdClass} w-px text-right`}>
              <div className="flex justify-end gap-1.5" data-testid="host-actions">
                <button type="button" className={secondaryButtonClass} onClick={() => setEditing(h.id)} aria-label={`Edit ${h.name}`}>
                  Edit
                </button>
                <button type="button" className={secondaryButtonClass} onClick={() => setConfirm({ kind: 'rotate', host: h })} aria-label={`Rotate the token of ${h.name}`}>
                  Rotate token
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={busy !== null}
                  aria-label={`${h.disabled ? 'Enable' : 'Disable'} ${h.name}`}
                  onClick={() => run('toggle', () => sendJson('PATCH', `/api/v1/hosts/${encodeURIComponent(h.id)}`, { disabled: !h.disabled }))}
                >
                  {h.disabled ? 'Enable' : 'Disable'}
                </button>
                <button type="button" className={dangerSecondaryButtonClass} onClick={() => setConfirm({ kind: 'delete', host: h })} aria-label={`Delete ${h.name}`}>
                  Delete
                </button>
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.kind === 'delete' ? `Delete ${confirm.host.name}?` : `Rotate the token of ${confirm?.host.name ?? ''}?`}
        confirmLabel={confirm?.kind === 'delete' ? `Delete ${confirm.host.name}` : 'Rotate token'}
        busy={busy !== null}
        onConfirm={onConfirm}
        onCancel={() => setConfirm(null)}
      >
        {confirm && <HostIdentity host={confirm.host} serverNow={serverNow} />}
        {confirm?.kind === 'delete' ? (
          <p className="mt-3">
            This removes this host with all its history, processes and share links. Its collector is refused from now on. This cannot be undone.
          </p>
        ) : (
          <p className="mt-3">The current token of this host stops working at once: its collector is refused until you install the new token shown next.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
