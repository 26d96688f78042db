import type { Metadata } from 'next';
import Link from 'next/link';
import { isRefusalReason, REFUSALS } from '@/lib/auth/sso-policy';
import { AuthShell } from '../_components/auth-shell';

export const metadata: Metadata = { title: 'Sign-in refused' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ reason?: string | string[]; error?: string | string[] }> };

/**
 * Where a provider's sign-in that Hostwatch refused lands (lib/auth/sso-callbacks.ts): why, in words, and the
 * way back. Only the known reasons are shown; anything else in the URL reads as a generic failure.
 */
export default async function RefusedPage({ searchParams }: Props) {
  const params = await searchParams;
  const reason = Array.isArray(params.reason) ? params.reason[0] : params.reason;
  const message = isRefusalReason(reason) ? REFUSALS[reason] : REFUSALS.provider_error;
  return (
    <AuthShell title="You cannot sign in">
      <p role="alert" className="text-sm text-zinc-700 dark:text-zinc-300" data-reason={isRefusalReason(reason) ? reason : 'provider_error'}>
        {message}
      </p>
      <p className="mt-6 text-sm">
        <Link href="/login" className="font-medium text-sky-700 underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400">
          Back to sign-in
        </Link>
      </p>
    </AuthShell>
  );
}
