import type { ReactNode } from 'react';
import type { PublicUser } from '@/lib/accounts/rules';
import { PageShell } from '@/app/_components/page-shell';
import { SettingsNav } from './settings-nav';

/** The settings pages: section navigation beside the content; admin-only sections say so to viewers. */
export function SettingsShell({ user, title, adminOnly = false, children }: { user: PublicUser | null; title: string; adminOnly?: boolean; children: ReactNode }) {
  return (
    <PageShell user={user}>
      {user && (
        <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
          <SettingsNav isAdmin={user.role === 'admin'} />
          <section aria-labelledby="settings-title" className="min-w-0 space-y-4">
            <h1 id="settings-title" className="text-xl font-semibold">
              {title}
            </h1>
            {adminOnly && user.role !== 'admin' ? <p className="text-sm">Only admins can manage this. Ask an admin if you need a change.</p> : children}
          </section>
        </div>
      )}
    </PageShell>
  );
}
