'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-rules';
import { buttonClass, errorClass, inputClass, labelClass } from '@/app/login/_components/styles';
import { callApi } from './api';

export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await callApi('POST', '/api/v1/account/password', {
        currentPassword: String(form.get('currentPassword') ?? ''),
        newPassword: String(form.get('newPassword') ?? ''),
      });
      // Changing the password ends every session, this one included.
      router.replace('/login?error=PasswordChanged');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-4">
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <div>
        <label htmlFor="currentPassword" className={labelClass}>
          Current password
        </label>
        <input id="currentPassword" name="currentPassword" type="password" required autoComplete="current-password" className={inputClass} />
      </div>
      <div>
        <label htmlFor="newPassword" className={labelClass}>
          New password <span className="font-normal text-zinc-500">(at least {MIN_PASSWORD_LENGTH} characters)</span>
        </label>
        <input id="newPassword" name="newPassword" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" className={inputClass} />
      </div>
      <button type="submit" disabled={busy} className={buttonClass}>
        Change password
      </button>
    </form>
  );
}
