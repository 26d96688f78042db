import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getStore } from '@/lib/store';
import { publicUser, type PublicUser } from '@/lib/accounts/rules';
import { sessionUser } from './session';

/**
 * For pages and server actions: the signed-in user, or a redirect to /login.
 * Every page calls this itself; proxy.ts redirecting signed-out views is only
 * a convenience, never the check.
 */
export async function requirePageUser(from?: string): Promise<PublicUser> {
  const jar = await cookies();
  const user = await sessionUser(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), getStore());
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : '/login');
  return publicUser(user);
}

/** For /login and /setup: the signed-in user or null, without redirecting. */
export async function currentPageUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  const user = await sessionUser(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), getStore());
  return user ? publicUser(user) : null;
}
