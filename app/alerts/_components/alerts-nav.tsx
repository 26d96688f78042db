'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const SECTIONS = [
  { href: '/alerts', label: 'Alerts', admin: false },
  { href: '/alerts/rules', label: 'Rules', admin: true },
  { href: '/alerts/channels', label: 'Channels', admin: true },
  { href: '/alerts/windows', label: 'Maintenance', admin: true },
];

/** The alerting sections; viewers see alerts and their history only. */
export function AlertsNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const sections = SECTIONS.filter((s) => isAdmin || !s.admin);
  if (sections.length < 2) return null;
  return (
    <nav aria-label="Alerting" className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {sections.map((s) => {
        const active = s.href === '/alerts' ? pathname === '/alerts' : pathname.startsWith(s.href);
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
              active ? 'border-sky-600 text-zinc-900 dark:text-zinc-100' : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
            }`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
