import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { currentPageUser } from '@/lib/auth/page-user';
import { readOrOutage } from '@/lib/pages/guard';
import { signInChoices } from '@/lib/pages/sign-in-choices';
import { AuthShell } from '../_components/auth-shell';
import { unavailablePath } from '../_components/paths';
import { BreakGlassForm } from './break-glass-form';

export const metadata: Metadata = { title: 'Break-glass sign-in' };
export const dynamic = 'force-dynamic';

/** The one-time code from the server log while password sign-in is off (lib/auth/break-glass.ts); absent otherwise. */
export default async function BreakGlassPage() {
  if (signInChoices().password) notFound();
  const state = await readOrOutage(async () => ({ user: await currentPageUser() }));
  if (!state) redirect(unavailablePath('/'));
  if (state.user) redirect('/');
  return (
    <AuthShell title="Break-glass sign-in" subtitle="For when the sign-in provider fails: the one-time code the server printed in its log at start.">
      <BreakGlassForm />
    </AuthShell>
  );
}
