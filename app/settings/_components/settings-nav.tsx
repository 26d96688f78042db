'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const SECTIONS = [
  { href: '/settings/hosts', label: 'Hosts', admin: true },
  { href: '/settings/users', label: 'Users', admin: true },
  { href: '/settings/tokens', label: 'API tokens', admin: false },
  { href: '/settings/shares', label: 'Share links', admin: false },
  { href: '/settings/account', label: 'Account', admin: false },
];

export function SettingsNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.filter((s) => isAdmin || !s.admin).map((s) => {
        const active = pathname === s.href;
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={active ? 'page' : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
              active ? 'bg-zinc-200 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900'
            }`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
