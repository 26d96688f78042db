'use client';

import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { LocalTime } from '@/app/_components/relative-time';
import { SecretOnce } from '@/app/_components/secret-once';
import { buttonClass, cardClass, dangerSecondaryButtonClass, inputClass, rowClass, secondaryButtonClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '../_components/data-table';
import { useAction } from '../_components/use-action';

export interface TokenRow {
  id: string;
  name: string;
  scope: 'read' | 'admin';
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  expired: boolean;
}

function CreateToken({ isAdmin, onCreated }: { isAdmin: boolean; onCreated: (token: string, name: string) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'admin'>('read');
  const [days, setDays] = useState('90');
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await run('create', () =>
      sendJson<{ token: string }>('POST', '/api/v1/tokens', { name: name.trim(), scope, expiresInDays: days === 'never' ? null : Number(days) }),
    );
    if (res) {
      onCreated(res.token, name.trim());
      setName('');
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create an API token">
      <Field label="Name">
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="grafana" />
      </Field>
      <Field label="Scope">
        <select className={inputClass} value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'admin')}>
          {/* The same words as the Scope column; a viewer may only hold read tokens, so admin is not offered. */}
          <option value="read">read</option>
          {isAdmin && <option value="admin">admin</option>}
        </select>
      </Field>
      <Field label="Expires">
        <select className={inputClass} value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="30">in 30 days</option>
          <option value="90">in 90 days</option>
          <option value="365">in a year</option>
          <option value="never">never</option>
        </select>
      </Field>
      <button type="submit" className={buttonClass} disabled={busy !== null}>
        Create token
      </button>
      <FormError message={error} wide />
    </form>
  );
}

/** The user's API tokens: create (shown once), see when each was last used, revoke. */
export function TokensPanel({ tokens, isAdmin }: { tokens: TokenRow[]; isAdmin: boolean }) {
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const { busy, error, run } = useAction();
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        API tokens let scripts read the API: send <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className={`${cardClass} p-4`}>
        <CreateToken isAdmin={isAdmin} onCreated={(token, name) => setCreated({ token, name })} />
      </div>
      {created && (
        <SecretOnce
          message={
            <>
              Token <strong>{created.name}</strong> created. Copy it now; it is not shown again.
            </>
          }
          value={created.token}
          kind="token"
          testId="api-token"
          doneClassName={secondaryButtonClass}
          onDone={() => setCreated(null)}
        />
      )}
      <FormError message={error} />
      <DataTable
        label="API tokens"
        minWidthClass="min-w-[640px]"
        headings={['Name', 'Scope', 'Created', 'Expires', 'Last used']}
        rowCount={tokens.length}
        emptyText="No API tokens yet."
      >
        {tokens.map((t) => (
          <tr key={t.id} className={rowClass}>
            <td className={`${tdClass} font-medium`}>{t.name}</td>
            <td className={tdClass}>{t.scope}</td>
            <td className={tdClass}>
              <LocalTime ts={t.createdAt} />
            </td>
            <td className={tdClass}>{t.expiresAt === null ? 'never' : t.expired ? 'expired' : <LocalTime ts={t.expiresAt} />}</td>
            <td className={tdClass}>{t.lastUsedAt === null ? 'never' : <LocalTime ts={t.lastUsedAt} />}</td>
            <td className={`${tdClass} text-right`}>
              <button type="button" className={dangerSecondaryButtonClass} onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke token"
        busy={busy !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={async () => {
          if (revoking) await run('revoke', () => sendJson('DELETE', `/api/v1/tokens/${encodeURIComponent(revoking.id)}`));
          setRevoking(null);
        }}
      >
        <p>Anything using this token is refused from now on.</p>
      </ConfirmDialog>
    </div>
  );
}
