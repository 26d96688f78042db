import 'server-only';
import { BREAK_GLASS_EMAIL } from '@/lib/auth/break-glass';
import { ssoButtons } from '@/lib/auth/sso-providers';
import { signInMethodsOf } from '@/lib/auth/sso-sign-in';
import { config } from '@/lib/config';
import type { Store } from '@/lib/store/types';
import { publicUser, type PublicUser } from './rules';

/** For the users screen: each user with how they sign in, in words (a provider by its button's label). */
export type UserWithMethods = PublicUser & { signInMethods: string[] };

export async function listUsersWithMethods(store: Store): Promise<UserWithMethods[]> {
  const names = new Map(ssoButtons(config().sso).map((p) => [p.id, p.name]));
  const users = await store.listUsers();
  return users
    .map((u) => ({
      ...publicUser(u),
      signInMethods:
        u.email === BREAK_GLASS_EMAIL
          ? ['Break-glass code']
          : signInMethodsOf(u).map((m) => (m === 'password' ? 'Password' : (names.get(m) ?? `${m} (no longer configured)`))),
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
}
