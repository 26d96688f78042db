import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadChannelsPage } from '@/lib/pages/alerts';
import { StoreBanner } from '@/app/_components/store-banner';
import { AlertsShell } from '../_components/alerts-shell';
import { ChannelsView } from './_components/channels-view';

export const metadata: Metadata = { title: 'Channels · Alerts' };
export const dynamic = 'force-dynamic';

export default async function ChannelsPage() {
  const user = await guardPage('/alerts/channels');
  const data = user?.role === 'admin' ? await loadChannelsPage() : null;
  return (
    <AlertsShell user={user} title="Notification channels" adminOnly>
      {data ? <ChannelsView initial={data.channels} kinds={data.kinds} /> : <StoreBanner />}
    </AlertsShell>
  );
}
