'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import useSWR from 'swr';
import type { AlertsAnswer } from '@/lib/ui/alerts/api-types';
import { ALERTS_URL, firingCount, firingText } from '@/lib/ui/alerts/summary';
import { fetchJson } from './fetcher';

const LINKS = [
  { href: '/', label: 'Fleet', match: (p: string) => p === '/' || p.startsWith('/hosts') },
  { href: '/alerts', label: 'Alerts', match: (p: string) => p.startsWith('/alerts') },
  { href: '/settings', label: 'Settings', match: (p: string) => p.startsWith('/settings') },
];

/**
 * The main sections. "Alerts" carries the number firing, from the alert list
 * the fleet and Alerts pages poll too (one shared SWR key, so one request);
 * `watchAlerts` is off where nobody is signed in.
 */
export function NavLinks({ watchAlerts = false, initialAlerts }: { watchAlerts?: boolean; initialAlerts?: AlertsAnswer | null }) {
  const pathname = usePathname();
  const alerts = useSWR<AlertsAnswer>(watchAlerts ? ALERTS_URL : null, fetchJson, {
    fallbackData: initialAlerts ?? undefined,
    refreshInterval: 30_000,
    keepPreviousData: true,
  });
  const firing = alerts.data ? firingCount(alerts.data.alerts) : 0;
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map((l) => {
        const active = l.match(pathname);
        const count = l.href === '/alerts' && firing > 0 ? firing : 0;
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? 'page' : undefined}
            className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
              active ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
            }`}
          >
            {l.label}
            {count > 0 && (
              <span className="rounded-full bg-red-600 px-1.5 text-xs font-semibold tabular-nums text-white" data-testid="nav-firing">
                <span aria-hidden="true">{count}</span>
                <span className="sr-only">, {firingText(count)}</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
