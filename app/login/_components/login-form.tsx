'use client';

import { useState, type FormEvent } from 'react';
import { safeCallbackPath, signInWithPassword } from './auth-client';
import { CodeStep } from './code-step';
import { buttonClass, errorClass, inputClass, labelClass, secondaryButtonClass } from './styles';

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string | null }) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);
  // Set once the server said the password was right and a two-factor code is needed: the form then asks for the code.
  const [credentials, setCredentials] = useState<{ email: string; password: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const { email, password } = credentials ?? { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const code = credentials ? String(form.get('code') ?? '') : undefined;
    setBusy(true);
    setError(null);
    try {
      const outcome = await signInWithPassword(email, password, code);
      if (outcome.ok) {
        window.location.assign(safeCallbackPath(callbackUrl));
        return;
      }
      if (outcome.codeStep) setCredentials({ email, password });
      // The first ask for a code is not an error: the code step explains itself.
      setError(outcome.codeStep && code === undefined ? null : outcome.message);
      const codeInput = formElement.elements.namedItem('code');
      if (codeInput instanceof HTMLInputElement) codeInput.value = '';
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
      {credentials ? (
        <CodeStep email={credentials.email} />
      ) : (
        <>
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
        </>
      )}
      <button type="submit" disabled={busy} className={`${buttonClass} w-full`}>
        {credentials ? (busy ? 'Checking…' : 'Verify code') : busy ? 'Signing in…' : 'Sign in'}
      </button>
      {credentials && (
        <button type="button" onClick={() => (setCredentials(null), setError(null))} className={`${secondaryButtonClass} w-full`}>
          Start over
        </button>
      )}
    </form>
  );
}
