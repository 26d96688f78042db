'use client';

import { useState, type FormEvent } from 'react';
import { AddHostForm, EnrolmentInfo, type Enrolment } from '@/app/_components/add-host';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { RelativeTime } from '@/app/_components/relative-time';
import { StatusBadge } from '@/app/_components/status-badge';
import { buttonClass, cardClass, dangerSecondaryButtonClass, inputClass, linkClass, rowClass, secondaryButtonClass, tdClass } from '@/app/_components/styles';
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

/** Hosts for admins: add, rename and tag, rotate the token, disable, delete (after naming the host). */
export function HostsAdmin({ hosts, serverNow }: { hosts: AdminHost[]; serverNow: number }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'delete' | 'rotate'; host: AdminHost } | null>(null);
  const [rotated, setRotated] = useState<{ enrolment: Enrolment; name: string } | null>(null);
  const { busy, error, run } = useAction();

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
        <AddHostForm />
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
                <>
                  <a href={`/hosts/${encodeURIComponent(h.id)}`} className={`${linkClass} font-medium`}>
                    {h.name}
                  </a>
                  <span className="ml-2 font-mono text-xs text-zinc-500">{h.id}</span>
                  {h.tags.length > 0 && <span className="mt-0.5 block text-xs text-zinc-500">{h.tags.join(', ')}</span>}
                </>
              )}
            </td>
            <td className={`${tdClass} whitespace-nowrap`}>
              <StatusBadge status={h.status} disabled={h.disabled} />
              <span className="mt-0.5 block text-xs text-zinc-500">
                {h.lastSeen === null ? 'never seen' : <RelativeTime ts={h.lastSeen} serverNow={serverNow} prefix="seen " />}
              </span>
            </td>
            <td className={`${tdClass} text-right`}>
              <div className="flex flex-wrap justify-end gap-1.5">
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
        {confirm?.kind === 'delete' ? (
          <p>
            This removes <strong>{confirm.host.name}</strong> with all its history, processes and share links. Its collector is refused from now on. This cannot be
            undone.
          </p>
        ) : (
          <p>
            The current token of <strong>{confirm?.host.name}</strong> stops working at once: its collector is refused until you install the new token shown next.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
