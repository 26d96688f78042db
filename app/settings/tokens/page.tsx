import type { Metadata } from 'next';
import { listApiTokens } from '@/lib/accounts/api-tokens';
import { getStore } from '@/lib/store';
import { guardPage, readOrOutage } from '@/app/_components/page-guard';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens · Settings' };
export const dynamic = 'force-dynamic';

export default async function TokensSettingsPage() {
  const user = await guardPage('/settings/tokens');
  const tokens = user ? await readOrOutage(() => listApiTokens(getStore(), { userId: user.id, role: user.role })) : null;
  return (
    <SettingsShell user={user} title="API tokens">
      {user && (tokens ? <TokensPanel tokens={tokens} isAdmin={user.role === 'admin'} /> : <StoreBanner />)}
    </SettingsShell>
  );
}
