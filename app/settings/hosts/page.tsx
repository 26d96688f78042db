import type { Metadata } from 'next';
import { fleetOverview } from '@/lib/query/fleet-overview';
import { getStore } from '@/lib/store';
import { guardPage, readOrOutage } from '@/app/_components/page-guard';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { HostsAdmin } from './hosts-admin';

export const metadata: Metadata = { title: 'Hosts · Settings' };
export const dynamic = 'force-dynamic';

async function load() {
  const now = Date.now();
  const fleet = await readOrOutage(() => fleetOverview(getStore(), now));
  return { now, hosts: fleet?.hosts.map(({ id, name, tags, disabled, status, lastSeen }) => ({ id, name, tags, disabled, status, lastSeen })) ?? null };
}

export default async function HostsSettingsPage() {
  const user = await guardPage('/settings/hosts');
  const data = user?.role === 'admin' ? await load() : null;
  return (
    <SettingsShell user={user} title="Hosts" adminOnly>
      {data && (data.hosts ? <HostsAdmin hosts={data.hosts} serverNow={data.now} /> : <StoreBanner />)}
    </SettingsShell>
  );
}
