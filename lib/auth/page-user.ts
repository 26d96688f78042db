import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getStore } from '@/lib/store';
import { publicUser, type PublicUser } from '@/lib/accounts/rules';
import { sessionUser } from './session';
import { ENROL_PAGE, enrolmentPending } from './two-factor-policy';

/**
 * For pages and server actions: the signed-in user, or a redirect to /login.
 * Every page calls this itself; proxy.ts redirecting signed-out views is only
 * a convenience, never the check. A user the "require two-factor" setting
 * holds back is sent to the account page to enrol (two-factor-policy.ts).
 */
export async function requirePageUser(from?: string): Promise<PublicUser> {
  const jar = await cookies();
  const user = await sessionUser(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), getStore());
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : '/login');
  // "Require two-factor" holds a user who has not enrolled on the account page until they do.
  if (from !== ENROL_PAGE && (await enrolmentPending(getStore(), user.id))) redirect(ENROL_PAGE);
  return publicUser(user);
}

/** For /login and /setup: the signed-in user or null, without redirecting. */
export async function currentPageUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  const user = await sessionUser(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), getStore());
  return user ? publicUser(user) : null;
}
