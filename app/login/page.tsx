import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentPageUser } from '@/lib/auth/page-user';
import { isFreshServer } from '@/lib/pages/settings';
import { AuthShell } from './_components/auth-shell';
import { errorMessage, safeCallbackPath } from './_components/auth-client';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (await currentPageUser()) redirect(safeCallbackPath(callbackUrl));
  const fresh = await isFreshServer();
  return (
    <AuthShell title="Sign in" subtitle="Use the email and password your admin gave you.">
      {fresh && (
        <p className="mb-4 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
          This server has no user yet.{' '}
          <Link href="/setup" className="font-medium underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
            Create the first admin
          </Link>
          .
        </p>
      )}
      <LoginForm callbackUrl={callbackUrl} initialError={errorMessage(error)} />
    </AuthShell>
  );
}
