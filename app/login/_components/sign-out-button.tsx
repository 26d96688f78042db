'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { signOut } from './auth-client';
import { secondaryButtonClass } from './styles';

/** Ends the session and goes to /login. Usable in any page header. */
export function SignOutButton({ className = secondaryButtonClass }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  return (
    <button
      type="button"
      disabled={busy}
      className={className}
      onClick={async () => {
        setBusy(true);
        try {
          await signOut();
        } finally {
          router.replace('/login');
          router.refresh();
        }
      }}
    >
      Sign out
    </button>
  );
}
