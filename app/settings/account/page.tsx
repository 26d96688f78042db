import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadTwoFactorStatus } from '@/lib/pages/settings';
import { cardClass } from '@/app/_components/styles';
import { SettingsShell } from '../_components/settings-shell';
import { PasswordForm } from './password-form';
import { SignOutEverywhere } from './sign-out-everywhere';
import { TwoFactorPanel } from './two-factor-panel';

export const metadata: Metadata = { title: 'Account · Settings' };
export const dynamic = 'force-dynamic';

/** Who is signed in, their password, two-factor codes, and ending their sessions everywhere; sign-out is also in the header of every page. */
export default async function AccountSettingsPage() {
  const user = await guardPage('/settings/account');
  const twoFactor = user ? await loadTwoFactorStatus(user) : null;
  return (
    <SettingsShell user={user} title="Account">
      {user && (
        <>
          {twoFactor?.mustEnrol && (
            <p role="alert" className="max-w-lg rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
              An admin requires two-factor codes for every account. Set them up below to continue.
            </p>
          )}
          <dl className={`${cardClass} grid max-w-lg grid-cols-[7rem_1fr] gap-2 p-4 text-sm`}>
            <dt className="text-zinc-500">Name</dt>
            <dd>{user.name}</dd>
            <dt className="text-zinc-500">Email</dt>
            <dd data-testid="account-email">{user.email}</dd>
            <dt className="text-zinc-500">Role</dt>
            <dd>
              <span data-testid="account-role">{user.role}</span>
              <span className="text-zinc-500"> · {user.role === 'admin' ? 'manages hosts and users' : 'reads dashboards'}</span>
            </dd>
          </dl>
          <h2 className="text-base font-semibold">Change password</h2>
          <PasswordForm />
          <h2 className="text-base font-semibold">Two-factor codes</h2>
          {twoFactor && <TwoFactorPanel status={twoFactor} />}
          <h2 className="text-base font-semibold">Sessions</h2>
          <SignOutEverywhere />
        </>
      )}
    </SettingsShell>
  );
}
