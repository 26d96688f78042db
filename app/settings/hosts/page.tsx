import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadHosts } from '@/lib/pages/settings';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { HostsAdmin } from './hosts-admin';

export const metadata: Metadata = { title: 'Hosts · Settings' };
export const dynamic = 'force-dynamic';

export default async function HostsSettingsPage() {
  const user = await guardPage('/settings/hosts');
  const data = user?.role === 'admin' ? await loadHosts() : null;
  return (
    <SettingsShell user={user} title="Hosts" adminOnly>
      {data && (data.hosts ? <HostsAdmin hosts={data.hosts} serverNow={data.now} /> : <StoreBanner />)}
    </SettingsShell>
  );
}
