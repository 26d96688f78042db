import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadShares } from '@/lib/pages/settings';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { SharesAdmin } from './_components/shares-admin';

export const metadata: Metadata = { title: 'Share links · Settings' };
export const dynamic = 'force-dynamic';

/** Every share link across all hosts (admins): create one for any host, see who made each and how often it is opened, revoke. */
export default async function SharesSettingsPage() {
  const user = await guardPage('/settings/shares');
  const data = user?.role === 'admin' ? await loadShares() : null;
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
