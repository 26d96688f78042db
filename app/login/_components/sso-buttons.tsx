'use client';

import { useState } from 'react';
import { startProviderSignIn } from './auth-client';
import { errorClass, secondaryButtonClass } from './styles';

/** One button per sign-in provider (OIDC, GitHub): next-auth's sign-in POST, then the provider's page. */
export function SsoButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(id: string) {
    setBusy(id);
    setError(null);
    try {
      window.location.assign(await startProviderSignIn(id, callbackUrl));
    } catch {
      setError('The server did not answer; check your connection and try again.');
      setBusy(null);
    }
  }

  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      {providers.map((p) => (
        <button key={p.id} type="button" className={`${secondaryButtonClass} w-full py-2`} disabled={busy !== null} onClick={() => start(p.id)}>
          {busy === p.id ? 'Opening…' : `Sign in with ${p.name}`}
        </button>
      ))}
    </div>
  );
}
