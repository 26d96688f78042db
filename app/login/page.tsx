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
import { signInChoices } from '@/lib/pages/sign-in-choices';
import { SsoButtons } from './_components/sso-buttons';
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
  const choices = signInChoices();
  return (
    <AuthShell title="Sign in" subtitle={choices.password ? 'Use the email and password your admin gave you.' : 'Use your organization’s sign-in.'}>
      {state.fresh && (
        <p className="mb-4 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
          This server has no user yet.{' '}
          <Link href="/setup" className="font-medium underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
            Create the first admin
          </Link>
          .
        </p>
      )}
      {choices.providers.length > 0 && <SsoButtons providers={choices.providers} callbackUrl={target} />}
      {choices.providers.length > 0 && choices.password && (
        <p className="my-4 text-center text-xs text-zinc-500 dark:text-zinc-400" aria-hidden="true">
          or with your password
        </p>
      )}
      {choices.password ? (
        <LoginForm callbackUrl={target} initialError={errorMessage(first(params.error))} />
      ) : (
        first(params.error) && (
          <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {errorMessage(first(params.error))}
          </p>
        )
      )}
    </AuthShell>
  );
}
