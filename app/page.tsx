import type { Metadata } from 'next';
import { parseFleetQuery } from '@/lib/ui/fleet';
import { FleetView } from './_components/fleet/fleet-view';
import { loadFleetPage } from '@/lib/pages/dashboard';
import { guardPage } from '@/lib/pages/guard';
import { PageShell } from './_components/page-shell';

export const metadata: Metadata = { title: 'Fleet' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The fleet at a glance. The server renders the first page with its sparklines; the client keeps it fresh. */
export default async function FleetPage({ searchParams }: Props) {
  const user = await guardPage('/');
  if (!user) return <PageShell user={null}>{null}</PageShell>;
  const { now, fleet, sparks, alerts } = await loadFleetPage(parseFleetQuery(await searchParams));
  return (
    <PageShell user={user} initialAlerts={alerts}>
      <FleetView initial={fleet} initialSparks={sparks} initialAlerts={alerts} isAdmin={user.role === 'admin'} serverNow={now} />
    </PageShell>
  );
}
