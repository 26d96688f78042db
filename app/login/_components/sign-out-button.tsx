'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { signOut } from './auth-client';
import { secondaryButtonClass } from './styles';

/**
 * Ends the session on the server and goes to /login. Usable in any page
 * header. When the server could not end it (the store is not answering), the
 * session is still valid: the button says so instead of pretending.
 */
export function SignOutButton({ className = secondaryButtonClass, label = 'Sign out' }: { className?: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const router = useRouter();
  return (
    <>
      <button
        type="button"
        disabled={busy}
        className={className}
        onClick={async () => {
          setBusy(true);
          setFailed(false);
          const ok = await signOut().catch(() => false);
          if (ok) {
            router.replace('/login');
            router.refresh();
            return;
          }
          setFailed(true);
          setBusy(false);
        }}
      >
        {label}
      </button>
      {failed && (
        <span role="alert" className="ml-2 text-sm text-red-700 dark:text-red-300">
          Could not sign out; try again.
        </span>
      )}
    </>
  );
}
