'use client';

import { useState, type FormEvent } from 'react';
import { safeCallbackPath, signInWithBreakGlass } from '../_components/auth-client';
import { buttonClass, errorClass, inputClass, labelClass } from '../_components/styles';

export function BreakGlassForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    setBusy(true);
    setError(null);
    try {
      const outcome = await signInWithBreakGlass(code);
      if (outcome.ok) {
        window.location.assign(safeCallbackPath('/'));
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
        <label htmlFor="code" className={labelClass}>
          Break-glass code
        </label>
        <input id="code" name="code" type="text" autoComplete="off" spellCheck={false} required autoFocus className={`${inputClass} font-mono`} />
      </div>
      <button type="submit" disabled={busy} className={`${buttonClass} w-full`}>
        {busy ? 'Signing in…' : 'Sign in once as admin'}
      </button>
    </form>
  );
}
