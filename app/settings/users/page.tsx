import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadTwoFactorOverview, loadUsers } from '@/lib/pages/settings';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { UsersAdmin } from './users-admin';

export const metadata: Metadata = { title: 'Users · Settings' };
export const dynamic = 'force-dynamic';

export default async function UsersSettingsPage() {
  const user = await guardPage('/settings/users');
  const users = user?.role === 'admin' ? await loadUsers() : undefined;
  const twoFactor = users ? await loadTwoFactorOverview(users.map((u) => u.id)) : null;
  return (
    <SettingsShell user={user} title="Users" adminOnly>
      {user && users !== undefined && (users ? <UsersAdmin users={users} selfId={user.id} twoFactor={twoFactor} /> : <StoreBanner />)}
    </SettingsShell>
  );
}
