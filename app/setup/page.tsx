import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { setupOpen } from '@/lib/pages/settings';
import { AuthShell } from '@/app/login/_components/auth-shell';
import { SetupForm } from './_components/setup-form';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

/** A fresh server's first admin, proven by the setup code in the server log. Gone once any user exists. */
export default async function SetupPage() {
  if (!(await setupOpen())) redirect('/login');
  return (
    <AuthShell
      title="Create the first admin"
      subtitle={
        <>
          The server printed a one-time <strong>setup code</strong> in its log when it started. Paste it here to prove the server is yours.
        </>
      }
    >
      <SetupForm />
    </AuthShell>
  );
}
