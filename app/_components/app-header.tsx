import Link from 'next/link';
import { cookies } from 'next/headers';
import type { PublicUser } from '@/lib/accounts/rules';
import type { AlertsAnswer } from '@/lib/ui/alerts/api-types';
import { SignOutButton } from '@/app/login/_components/sign-out-button';
import { NavLinks } from './nav-links';
import { secondaryButtonClass } from './styles';
import { THEME_COOKIE, parseTheme } from './theme';
import { ThemeToggle } from './theme-toggle';

/** The bar on every dashboard page: home, the main sections, who is signed in, theme and sign-out. */
export async function AppHeader({ user, initialAlerts }: { user: PublicUser | null; initialAlerts?: AlertsAnswer | null }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 20 px static SVG needs no optimisation */}
          <img src="/icon.svg" alt="" width={20} height={20} />
          <span className="hidden sm:inline">Hostwatch</span>
          <span className="sr-only sm:hidden">Hostwatch</span>
        </Link>
        <NavLinks watchAlerts={user !== null} initialAlerts={initialAlerts} />
        <div className="ml-auto flex items-center gap-2">
          {user && (
            <span className="hidden text-sm text-zinc-600 sm:inline dark:text-zinc-400" title={user.email}>
              {user.name} <span className="text-xs uppercase tracking-wide text-zinc-400 dark:text-zinc-500">{user.role}</span>
            </span>
          )}
          <ThemeToggle initial={theme} />
          {user && <SignOutButton className={secondaryButtonClass} />}
        </div>
      </div>
    </header>
  );
}
