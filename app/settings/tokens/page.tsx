import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadTokens } from '@/lib/pages/settings';
import { StoreBanner } from '@/app/_components/store-banner';
import { SettingsShell } from '../_components/settings-shell';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens · Settings' };
export const dynamic = 'force-dynamic';

export default async function TokensSettingsPage() {
  const user = await guardPage('/settings/tokens');
  const tokens = user ? await loadTokens(user) : null;
  return (
    <SettingsShell user={user} title="API tokens">
      {user && (tokens ? <TokensPanel tokens={tokens} isAdmin={user.role === 'admin'} /> : <StoreBanner />)}
    </SettingsShell>
  );
}
