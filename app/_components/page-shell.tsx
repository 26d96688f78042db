import type { ReactNode } from 'react';
import type { PublicUser } from '@/lib/accounts/rules';
import { AppHeader } from './app-header';
import { StoreBanner } from './store-banner';

/** Header and main area of every dashboard page; `user` null means the store could not be asked who is signed in. */
export function PageShell({ user, children, wide = true }: { user: PublicUser | null; children: ReactNode; wide?: boolean }) {
  return (
    <>
      <AppHeader user={user} />
      <main id="main" className={`mx-auto px-3 py-5 sm:px-6 ${wide ? 'max-w-7xl' : 'max-w-4xl'}`}>
        {user ? children : <StoreBanner />}
      </main>
    </>
  );
}
