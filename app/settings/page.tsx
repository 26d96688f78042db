import { redirect } from 'next/navigation';
import { guardPage } from '@/lib/pages/guard';
import { PageShell } from '@/app/_components/page-shell';

export const dynamic = 'force-dynamic';

/** Admins land on hosts, everyone else on their account. */
export default async function SettingsIndex() {
  const user = await guardPage('/settings');
  if (!user) return <PageShell user={null}>{null}</PageShell>;
  redirect(user.role === 'admin' ? '/settings/hosts' : '/settings/account');
}
