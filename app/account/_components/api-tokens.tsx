'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { buttonClass, errorClass, inputClass, labelClass, secondaryButtonClass } from '@/app/login/_components/styles';
import { callApi } from './api';
import { SecretOnce } from './secret-once';

interface TokenRow {
  id: string;
  name: string;
  scope: 'read' | 'admin';
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  expired: boolean;
}

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());

/** The user's personal API tokens: create (shown once), list with last use, revoke. */
export function ApiTokens({ isAdmin }: { isAdmin: boolean }) {
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens((await callApi<{ tokens: TokenRow[] }>('GET', '/api/v1/tokens')).tokens);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    // Loading on mount is the point of this effect: the list lives on the server.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get('expiresInDays') ?? '');
    setError(null);
    try {
      const { token } = await callApi<{ token: string }>('POST', '/api/v1/tokens', {
        name: String(form.get('name') ?? ''),
        scope: String(form.get('scope') ?? 'read'),
        expiresInDays: days ? Number(days) : null,
      });
      setCreated(token);
      formElement.reset();
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function revoke(id: string) {
    setError(null);
    try {
      await callApi('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      {created && <SecretOnce label="Your new API token" value={created} />}
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="token-name" className={labelClass}>
            Name
          </label>
          <input id="token-name" name="name" required maxLength={100} className={inputClass} />
        </div>
        <div>
          <label htmlFor="token-scope" className={labelClass}>
            Scope
          </label>
          <select id="token-scope" name="scope" className={inputClass} defaultValue="read">
            <option value="read">read</option>
            {isAdmin && <option value="admin">admin</option>}
          </select>
        </div>
        <div>
          <label htmlFor="token-days" className={labelClass}>
            Expires in days <span className="font-normal text-zinc-500">(empty: never)</span>
          </label>
          <input id="token-days" name="expiresInDays" type="number" min={1} max={3650} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass}>
          Create token
        </button>
      </form>
      {tokens && tokens.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No API tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1 font-medium">Name</th>
              <th className="py-1 font-medium">Scope</th>
              <th className="py-1 font-medium">Created</th>
              <th className="py-1 font-medium">Last used</th>
              <th className="py-1 font-medium">Expires</th>
              <th className="py-1" />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2">{t.name}</td>
                <td className="py-2">{t.scope}</td>
                <td className="py-2">{when(t.createdAt)}</td>
                <td className="py-2">{when(t.lastUsedAt)}</td>
                <td className="py-2">{t.expired ? 'expired' : when(t.expiresAt)}</td>
                <td className="py-2 text-right">
                  <button type="button" className={secondaryButtonClass} onClick={() => revoke(t.id)} aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
