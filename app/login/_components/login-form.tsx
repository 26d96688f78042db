'use client';

import { useState, type FormEvent } from 'react';
import { safeCallbackPath, signInWithPassword } from './auth-client';
import { buttonClass, errorClass, inputClass, labelClass } from './styles';

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string | null }) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const outcome = await signInWithPassword(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      if (outcome.ok) {
        window.location.assign(safeCallbackPath(callbackUrl));
        return;
      }
      setError(outcome.message);
    } catch {
      setError('The server did not answer; check your connection and try again.');
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      <button type="submit" disabled={busy} className={`${buttonClass} w-full`}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
