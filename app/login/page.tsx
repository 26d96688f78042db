import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentPageUser } from '@/lib/auth/page-user';
import { readOrOutage } from '@/lib/pages/guard';
import { isFreshServer } from '@/lib/pages/settings';
import { AuthShell } from './_components/auth-shell';
import { errorMessage } from './_components/auth-client';
import { safeCallbackPath } from './_components/callback-path';
import { LoginForm } from './_components/login-form';
import { unavailablePath } from './_components/paths';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Sign-in. Where to go afterwards is decided here once (safeCallbackPath: a
 * path on this server or `/`), for the redirect of someone already signed in
 * and for the form. Without the store nobody can sign in: the visitor is sent
 * to /login/unavailable, which answers 503 and says so.
 */
export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const target = safeCallbackPath(first(params.callbackUrl));
  const state = await readOrOutage(async () => ({ user: await currentPageUser(), fresh: await isFreshServer() }));
  if (!state) redirect(unavailablePath(target));
  if (state.user) redirect(target);
  return (
    <AuthShell title="Sign in" subtitle="Use the email and password your admin gave you.">
      {state.fresh && (
        <p className="mb-4 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
          This server has no user yet.{' '}
          <Link href="/setup" className="font-medium underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
            Create the first admin
          </Link>
          .
        </p>
      )}
      <LoginForm callbackUrl={target} initialError={errorMessage(first(params.error))} />
    </AuthShell>
  );
}
