import 'server-only';
import type { Account, Profile, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers/index';
import { config } from '@/lib/config';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import type { UserRecord } from '@/lib/store/types';
import { redeemBreakGlassCode } from './break-glass';
import { currentSessionVersion } from './session-version';
import { passwordVersion } from './sign-in';
import { decideEntry, type RefusalReason } from './sso-policy';
import { claimsOf } from './sso-providers';
import { endRefused, ssoUser } from './sso-sign-in';

/**
 * The next-auth callbacks of single sign-on and break-glass (options.ts wires them in). A refusal sends the
 * browser to /login/refused?reason=…, a page that says in words why (sso-policy.ts REFUSALS), never next-auth's
 * error page.
 */
export const REFUSED_PATH = '/login/refused';

export const refusedPath = (reason: RefusalReason) => `${REFUSED_PATH}?reason=${reason}`;

/** What the session token needs from a user (options.ts's jwt callback copies it). */
async function sessionFields(user: UserRecord) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, pwv: passwordVersion(user.passwordHash), sv: await currentSessionVersion(getStore(), user.id) };
}

/**
 * next-auth's signIn callback for a provider: the policy decides, then the store's user is found, linked or
 * created; `user` (next-auth's object, which its jwt callback receives next) becomes that user. Returns true or
 * the refusal page.
 */
export async function ssoSignIn(user: User, account: Account, profile: Profile | undefined): Promise<true | string> {
  const claims = claimsOf(profile);
  if (!claims) return refusedPath('provider_error');
  const store = getStore();
  const now = Date.now();
  try {
    const entry = decideEntry(claims, config().sso);
    if (entry.kind === 'refused') {
      await endRefused(store, account.provider, claims.subject);
      console.warn(`Hostwatch: ${account.provider} sign-in refused (${entry.reason})`);
      return refusedPath(entry.reason);
    }
    const result = await ssoUser(
      store,
      { provider: account.provider, subject: claims.subject, email: claims.email!, emailVerified: claims.emailVerified, name: claims.name, role: entry.role },
      now,
    );
    if (result.kind === 'refused') return refusedPath(result.reason);
    Object.assign(user, await sessionFields(result.user));
    return true;
  } catch (err) {
    if (err instanceof StoreUnavailableError) return refusedPath('store_unavailable');
    throw err;
  }
}

/**
 * The providers next-auth gets: the password provider (next-auth's `credentials`) only while password sign-in is
 * on, else the break-glass code's. (The id of a provider made with options is merged in later by next-auth, so
 * the password one is the one whose id reads `credentials` here.)
 */
export function withSignInChoices(providers: Provider[]): Provider[] {
  const { passwordLogin } = config().sso;
  return passwordLogin ? providers : [...providers.filter((p) => p.id !== 'credentials'), breakGlassProvider()];
}

/** The one-time break-glass code as a credentials provider (id `break-glass`), on only while password sign-in is off. */
function breakGlassProvider() {
  return CredentialsProvider({
    id: 'break-glass',
    name: 'Break-glass code',
    credentials: { code: { label: 'Code', type: 'text' } },
    async authorize(credentials) {
      const code = typeof credentials?.code === 'string' ? credentials.code : '';
      const user = await redeemBreakGlassCode(getStore(), code, Date.now());
      if (!user) return null;
      console.warn('Hostwatch: the break-glass code was used; it signs in nobody else.');
      return sessionFields(user);
    },
  });
}

/** The password provider's endpoint while password sign-in is off: refused before next-auth sees it (nextauth-route.ts). */
export function passwordEndpointRefused(action: string | undefined, providerId: string | undefined): boolean {
  return action === 'callback' && providerId === 'credentials' && !config().sso.passwordLogin;
}
