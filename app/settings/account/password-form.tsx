'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Field, FormError, NewPasswordField } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { buttonClass, inputClass } from '@/app/_components/styles';
import { requestErrorMessage } from '@/app/_components/use-request';

/** Changing the password ends every session, this one included: the page then goes to sign-in. */
export function PasswordForm() {
  const router = useRouter();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return setError('The new passwords do not match.');
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', '/api/v1/account/password', { currentPassword: current, newPassword: next });
      // The session just ended; the sign-in page says why.
      router.replace('/login?error=PasswordChanged');
      router.refresh();
    } catch (err) {
      setError(requestErrorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="max-w-sm space-y-3" aria-label="Change password">
      <Field label="Current password">
        <input type="password" className={inputClass} value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" />
      </Field>
      <NewPasswordField label="New password" value={next} onChange={setNext} />
      <Field label="Repeat the new password">
        <input type="password" className={inputClass} value={repeat} onChange={(e) => setRepeat(e.target.value)} required autoComplete="new-password" />
      </Field>
      <FormError message={error} />
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
      <p className="text-xs text-zinc-500">You will be signed out everywhere and asked to sign in again.</p>
    </form>
  );
}
