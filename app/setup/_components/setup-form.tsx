'use client';

import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '@/lib/auth/password-rules';
import { signInWithPassword } from '@/app/login/_components/auth-client';
import { buttonClass, errorClass, inputClass, labelClass } from '@/app/login/_components/styles';

export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      code: String(form.get('code') ?? ''),
      email: String(form.get('email') ?? ''),
      name: String(form.get('name') ?? '').trim() || undefined,
      password: String(form.get('password') ?? ''),
    };
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/v1/setup', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
      if (!res.ok) {
        const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(data?.error?.message ?? 'Setup failed; try again.');
        setBusy(false);
        return;
      }
      const signedIn = await signInWithPassword(fields.email, fields.password);
      window.location.assign(signedIn.ok ? '/' : '/login');
    } catch {
      setError('The server did not answer; check your connection and try again.');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <div>
        <label htmlFor="code" className={labelClass}>
          Setup code
        </label>
        <input id="code" name="code" required autoComplete="off" spellCheck={false} placeholder="XXXXX-XXXXX-XXXXX-XXXXX" className={`${inputClass} font-mono`} />
      </div>
      <div>
        <label htmlFor="email" className={labelClass}>
          Your email
        </label>
        <input id="email" name="email" type="email" required autoComplete="username" className={inputClass} />
      </div>
      <div>
        <label htmlFor="name" className={labelClass}>
          Your name <span className="font-normal text-zinc-500">(optional)</span>
        </label>
        <input id="name" name="name" autoComplete="name" className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password <span className="font-normal text-zinc-500">({PASSWORD_HINT})</span>
        </label>
        <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" className={inputClass} />
      </div>
      <button type="submit" disabled={busy} className={`${buttonClass} w-full`}>
        {busy ? 'Creating…' : 'Create the first admin'}
      </button>
    </form>
  );
}
