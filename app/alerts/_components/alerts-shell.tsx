import type { ReactNode } from 'react';
import type { PublicUser } from '@/lib/accounts/rules';
import type { AlertsAnswer } from '@/lib/ui/alerts/api-types';
import { PageShell } from '@/app/_components/page-shell';
import { AlertsNav } from './alerts-nav';

/**
 * Every alerting page: the section tabs, the page's heading and its content.
 * Admin-only sections tell a viewer so instead of showing a form that would
 * be refused.
 */
export function AlertsShell({
  user,
  title,
  adminOnly = false,
  initialAlerts,
  actions,
  children,
}: {
  user: PublicUser | null;
  title: string;
  adminOnly?: boolean;
  initialAlerts?: AlertsAnswer | null;
  /** Buttons beside the heading. */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const isAdmin = user?.role === 'admin';
  return (
    <PageShell user={user} initialAlerts={initialAlerts}>
      {user && (
        <div className="space-y-4">
          <AlertsNav isAdmin={isAdmin} />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h1 id="alerts-title" className="text-xl font-semibold">
              {title}
            </h1>
            {(!adminOnly || isAdmin) && actions}
          </div>
          {adminOnly && !isAdmin ? <p className="text-sm">Only admins can manage alerting. Ask an admin if you need a change.</p> : children}
        </div>
      )}
    </PageShell>
  );
}
