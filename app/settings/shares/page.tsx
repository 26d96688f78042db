import type { Metadata } from 'next';
import { listShares } from '@/lib/shares/manage';
import { getStore } from '@/lib/store';
import { guardPage, readOrOutage } from '@/app/_components/page-guard';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { SharesAdmin } from './_components/shares-admin';

export const metadata: Metadata = { title: 'Share links · Settings' };
export const dynamic = 'force-dynamic';

async function load() {
  const store = getStore();
  const [shares, hosts] = await Promise.all([listShares(store), store.listHosts()]);
  return { shares, hosts: hosts.map((h) => ({ id: h.id, name: h.name })).sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Every share link across all hosts (admins): create one for any host, see who made each and how often it is opened, revoke. */
export default async function SharesSettingsPage() {
  const user = await guardPage('/settings/shares');
  const data = user?.role === 'admin' ? await readOrOutage(load) : null;
  return (
    <SettingsShell user={user} title="Share links" adminOnly>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A share link shows one host&apos;s dashboard to someone without an account, read-only, until it expires or is revoked. The link itself is shown
        once, when it is made; only a hash of it is kept.
      </p>
      {data === null ? <StoreBanner /> : <SharesAdmin shares={data.shares} hosts={data.hosts} />}
    </SettingsShell>
  );
}
