import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/page-user';
import { SignOutButton } from '@/app/login/_components/sign-out-button';
import { cardClass } from '@/app/login/_components/styles';
import { ApiTokens } from './_components/api-tokens';
import { ChangePasswordForm } from './_components/change-password-form';
import { EnrolHostForm } from './_components/enrol-host-form';

export const metadata: Metadata = { title: 'Account' };
export const dynamic = 'force-dynamic';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={cardClass} aria-labelledby={`${title}-heading`}>
      <h2 id={`${title}-heading`} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The signed-in user's own page: who they are, sign out, password, API tokens; admins also enrol hosts here. */
export default async function AccountPage() {
  const user = await requirePageUser('/account');
  const isAdmin = user.role === 'admin';
  return (
    <main className="mx-auto max-w-4xl space-y-6 p-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <Link href="/" className="text-sm text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400">
            ← Hostwatch
          </Link>
          <h1 className="mt-1 text-2xl font-semibold">Your account</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Signed in as <strong data-testid="account-email">{user.email}</strong> · <span data-testid="account-role">{user.role}</span>
          </p>
        </div>
        <SignOutButton />
      </header>
      {isAdmin && (
        <Section title="Add a host">
          <EnrolHostForm />
        </Section>
      )}
      <Section title="API tokens">
        <ApiTokens isAdmin={isAdmin} />
      </Section>
      <Section title="Password">
        <ChangePasswordForm />
      </Section>
    </main>
  );
}
