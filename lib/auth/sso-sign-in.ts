import 'server-only';
import { StoreConflictError } from '@/lib/store/errors';
import { NO_PASSWORD, type Role, type Store, type UserRecord } from '@/lib/store/types';
import { BREAK_GLASS_EMAIL } from './break-glass';
import { endAllSessions } from './session-version';
import type { RefusalReason } from './sso-policy';
import { newId } from './tokens';

/**
 * The user behind a provider's sign-in, after sso-policy.ts let them in with a role:
 *
 * 1. the user already linked to this provider account (provider + subject: the email may have changed since);
 * 2. else a user with the same email, linked now only if the provider verified the address (otherwise anyone who
 *    can set that address at the provider would take over the account, password user or not);
 * 3. else a new user with that role and no password.
 *
 * The role is written at every sign-in, so the provider's groups decide it; every session reads the role from the
 * store at each request (session.ts), so the user's other sessions have the new role from their next request on.
 * A linked user the provider's groups now keep out has every session ended (endRefused).
 */
export interface SsoIdentityInput {
  provider: string;
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string;
  role: Role;
}

export type SsoUserResult = { kind: 'ok'; user: UserRecord } | { kind: 'refused'; reason: RefusalReason };

const bounded = (s: string, max: number) => s.slice(0, max);

async function withRole(store: Store, user: UserRecord, role: Role): Promise<UserRecord> {
  if (user.role === role) return user;
  return (await store.updateUser(user.id, { role })) ?? user;
}

export async function ssoUser(store: Store, input: SsoIdentityInput, now: number): Promise<SsoUserResult> {
  const identity = { provider: input.provider, subject: bounded(input.subject, 255), linkedAt: now };
  const email = bounded(input.email.trim().toLowerCase(), 254);
  for (let attempt = 0; attempt < 2; attempt++) {
    const linked = await store.findUserByIdentity(identity.provider, identity.subject);
    if (linked) return { kind: 'ok', user: await withRole(store, linked, input.role) };
    const byEmail = await store.getUserByEmail(email);
    if (byEmail) {
      // The break-glass admin is nobody's to take over, whatever a provider vouches for.
      if (byEmail.email === BREAK_GLASS_EMAIL) return { kind: 'refused', reason: 'identity_taken' };
      if (!input.emailVerified) return { kind: 'refused', reason: 'link_unverified' };
      try {
        const user = await store.linkUserIdentity(byEmail.id, identity);
        if (user) return { kind: 'ok', user: await withRole(store, user, input.role) };
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        return { kind: 'refused', reason: 'identity_taken' };
      }
      continue; // deleted meanwhile: start over
    }
    const user: UserRecord = {
      id: newId(),
      email,
      name: bounded(input.name.trim(), 100) || email.split('@', 1)[0] || email,
      role: input.role,
      passwordHash: NO_PASSWORD,
      createdAt: now,
      identities: [identity],
    };
    try {
      await store.createUser(user);
      return { kind: 'ok', user };
    } catch (err) {
      // Two first sign-ins at once (two tabs): the other one created the user; find it on the next round.
      if (!(err instanceof StoreConflictError)) throw err;
    }
  }
  return { kind: 'refused', reason: 'identity_taken' };
}

/** The provider refused someone who is linked here (removed from the groups): end every session they still have. */
export async function endRefused(store: Store, provider: string, subject: string): Promise<void> {
  const user = await store.findUserByIdentity(provider, bounded(subject, 255));
  if (user) await endAllSessions(store, user.id);
}

/** The sign-in methods of a user: `password` when they have one, then each linked provider id. */
export function signInMethodsOf(user: Pick<UserRecord, 'passwordHash' | 'identities'>): string[] {
  const providers = [...new Set((user.identities ?? []).map((i) => i.provider))];
  return user.passwordHash === NO_PASSWORD ? providers : ['password', ...providers];
}
