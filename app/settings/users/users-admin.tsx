'use client';

import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { Field, FormError, NewPasswordField } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { buttonClass, cardClass, dangerSecondaryButtonClass, inputClass, rowClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '../_components/data-table';
import { useAction } from '../_components/use-action';
import { RequireTwoFactor, TwoFactorCell, type TwoFactorOverview } from './two-factor-admin';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'viewer';
  createdAt: number;
  /** How they sign in, in words: Password, a provider's name (lib/accounts/sign-in-methods.ts). */
  signInMethods?: string[];
}

function AddUser() {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'viewer' | 'admin'>('viewer');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run('add', () => sendJson('POST', '/api/v1/users', { email, name: name.trim() || undefined, role, password }));
    if (ok !== undefined) {
      setEmail('');
      setName('');
      setPassword('');
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Add a user">
      <Field label="Email">
        <input type="email" className={inputClass} value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" />
      </Field>
      <Field label="Name (optional)">
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </Field>
      <Field label="Role">
        <select className={inputClass} value={role} onChange={(e) => setRole(e.target.value as 'viewer' | 'admin')}>
          <option value="viewer">Viewer</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <NewPasswordField label="Initial password" value={password} onChange={setPassword} />
      <button type="submit" className={buttonClass} disabled={busy !== null}>
        Add user
      </button>
      <FormError message={error} wide />
    </form>
  );
}

/** Users for admins: add, change role, delete (never the last admin; the server enforces it and says why). */
export function UsersAdmin({ users, selfId, twoFactor }: { users: AdminUser[]; selfId: string; twoFactor?: TwoFactorOverview | null }) {
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  const { busy, error, run } = useAction();
  return (
    <div className="space-y-4">
      <div className={`${cardClass} p-4`}>
        <h2 className="mb-3 text-base font-semibold">Add a user</h2>
        <AddUser />
      </div>
      {twoFactor && <RequireTwoFactor required={twoFactor.required} />}
      <FormError message={error} />
      <DataTable label="Users" minWidthClass="min-w-[560px]" headings={['User', 'Role', ...(twoFactor ? ['Two-factor'] : [])]} rowCount={users.length}>
        {users.map((u) => (
          <tr key={u.id} className={rowClass}>
            <td className={tdClass}>
              <span className="font-medium">{u.name}</span> <span className="text-zinc-500">{u.email}</span>
              {u.id === selfId && <span className="ml-1 text-xs text-zinc-500">(you)</span>}
              {u.signInMethods && (
                <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="sign-in-methods">
                  Signs in with: {u.signInMethods.length > 0 ? u.signInMethods.join(', ') : 'nothing (no password, no provider)'}
                </span>
              )}
            </td>
            <td className={tdClass}>
              <select
                className={inputClass}
                aria-label={`Role of ${u.email}`}
                value={u.role}
                disabled={busy !== null}
                onChange={(e) => run('role', () => sendJson('PATCH', `/api/v1/users/${encodeURIComponent(u.id)}`, { role: e.target.value }))}
              >
                <option value="viewer">Viewer</option>
                <option value="admin">Admin</option>
              </select>
            </td>
            {twoFactor && (
              <td className={tdClass}>
                <TwoFactorCell email={u.email} userId={u.id} state={twoFactor.states[u.id] ?? 'off'} />
              </td>
            )}
            <td className={`${tdClass} text-right`}>
              <button type="button" className={dangerSecondaryButtonClass} onClick={() => setDeleting(u)} aria-label={`Delete ${u.email}`}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.email ?? ''}?`}
        confirmLabel="Delete user"
        busy={busy !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await run('delete', () => sendJson('DELETE', `/api/v1/users/${encodeURIComponent(deleting.id)}`));
          setDeleting(null);
        }}
      >
        <p>
          <strong>{deleting?.name}</strong> ({deleting?.email}) can no longer sign in, and their API tokens stop working at once.
        </p>
      </ConfirmDialog>
    </div>
  );
}
