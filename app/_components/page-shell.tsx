import type { ReactNode } from 'react';
import type { PublicUser } from '@/lib/accounts/rules';
import type { AlertsAnswer } from '@/lib/ui/alerts/api-types';
import { AppHeader } from './app-header';
import { ConsoleHelperMount } from './console-helper';
import { StoreBanner } from './store-banner';

/**
 * Header and main area of every dashboard page; `user` null means the store
 * could not be asked who is signed in. A page that read the alert list for
 * itself passes it on, so the navigation's firing count arrives drawn.
 */
export function PageShell({ user, children, wide = true, initialAlerts }: { user: PublicUser | null; children: ReactNode; wide?: boolean; initialAlerts?: AlertsAnswer | null }) {
  return (
    <>
      <AppHeader user={user} initialAlerts={initialAlerts} />
      {user && <ConsoleHelperMount />}
      <main id="main" className={`mx-auto px-3 py-5 sm:px-6 ${wide ? 'max-w-7xl' : 'max-w-4xl'}`}>
        {user ? children : <StoreBanner />}
      </main>
    </>
  );
}
