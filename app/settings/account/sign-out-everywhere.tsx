'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { secondaryButtonClass } from '@/app/_components/styles';
import { requestErrorMessage } from '@/app/_components/use-request';

/** Ends every session of this account on the server (DELETE /api/v1/account/sessions), then goes to sign-in. */
export function SignOutEverywhere() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="max-w-lg space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Ends every session of your account, in this browser and on every other device; a copied session cookie stops working too. Signing out in the
        header does the same.
      </p>
      <FormError message={error} />
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await sendJson('DELETE', '/api/v1/account/sessions');
            router.replace('/login');
            router.refresh();
          } catch (err) {
            setError(requestErrorMessage(err));
            setBusy(false);
          }
        }}
      >
        {busy ? 'Signing out…' : 'Sign out everywhere'}
      </button>
    </div>
  );
}
