import { permanentRedirect } from 'next/navigation';
import { guardPage } from '@/lib/pages/guard';
import { PageShell } from '@/app/_components/page-shell';

export const dynamic = 'force-dynamic';

/**
 * The account page moved to /settings/account; old links and bookmarks land
 * there. The guard comes first so a signed-out visit goes straight to sign-in
 * and this route learns nothing for anyone without a session.
 */
export default async function AccountRedirect() {
  const user = await guardPage('/settings/account');
  if (!user) return <PageShell user={null}>{null}</PageShell>;
  permanentRedirect('/settings/account');
}
