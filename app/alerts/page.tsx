import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadAlertsPage } from '@/lib/pages/alerts';
import { parseHistoryQuery } from '@/lib/ui/alerts/history-query';
import { StoreBanner } from '@/app/_components/store-banner';
import { AlertsShell } from './_components/alerts-shell';
import { AlertsView } from './_components/alerts-view';

export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What fires now and what fired before; everyone signed in sees it, admins also silence and acknowledge. */
export default async function AlertsPage({ searchParams }: Props) {
  const user = await guardPage('/alerts');
  if (!user) return <AlertsShell user={null} title="Alerts">{null}</AlertsShell>;
  const { now, eventsKey, data } = await loadAlertsPage(parseHistoryQuery(await searchParams));
  return (
    <AlertsShell user={user} title="Alerts" initialAlerts={data?.alerts}>
      {data ? (
        <AlertsView
          initialAlerts={data.alerts}
          initialEvents={data.events}
          initialEventsKey={eventsKey}
          rules={data.rules}
          hosts={data.hosts.map(({ id, name }) => ({ id, name }))}
          isAdmin={user.role === 'admin'}
          serverNow={now}
        />
      ) : (
        <StoreBanner />
      )}
    </AlertsShell>
  );
}
