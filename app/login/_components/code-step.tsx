'use client';

import { inputClass, labelClass } from './styles';

/**
 * The second step of signing in to an account with two-factor on: the code
 * from the authenticator app (or a recovery code). The email and password
 * stay in the form's memory and are sent again with it; the form's "Start over" forgets them.
 */
export function CodeStep({ email }: { email: string }) {
  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Signing in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span>. Open your authenticator app and enter the code it
        shows for Hostwatch; without your phone, use one of your recovery codes.
      </p>
      <div>
        <label htmlFor="code" className={labelClass}>
          Two-factor code
        </label>
        <input
          id="code"
          name="code"
          type="text"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={64}
          required
          autoFocus
          className={inputClass}
        />
      </div>
    </>
  );
}
