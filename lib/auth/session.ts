import 'server-only';
import { getToken, type JWT } from 'next-auth/jwt';
import type { Store, UserRecord } from '@/lib/store/types';
import { AuthError } from '@/lib/http/http-error';
import type { Principal } from './authorize';
import { authSecret, sessionCookieName } from './secret';
import { storedSessionVersion } from './session-version';
import { passwordVersion } from './sign-in';

/**
 * The signed-in user behind a request: next-auth's encrypted session cookie,
 * then the user as the store knows them now. A user who was deleted, whose
 * password changed since the cookie was issued, or who signed out (their
 * session version moved on, session-version.ts) has no session.
 */

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed cookie is not ours
    }
  }
  return cookies;
}

/** The decoded session cookie (not yet checked against the store), or null. */
export async function sessionToken(cookies: Record<string, string>): Promise<JWT | null> {
  const cookieName = sessionCookieName();
  if (!Object.keys(cookies).some((name) => name.startsWith(cookieName))) return null;
  return getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: authSecret(),
    cookieName,
    secureCookie: cookieName.startsWith('__Secure-'),
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  }).catch(() => null);
}

/** The user a decoded session token stands for now, or null when that session has ended. Two reads, at once. */
export async function userOfToken(token: JWT | null, store: Store): Promise<UserRecord | null> {
  if (!token?.uid || !token.pwv || !token.sv) return null;
  const [user, version] = await Promise.all([store.getUser(token.uid), storedSessionVersion(store, token.uid)]);
  if (!user || passwordVersion(user.passwordHash) !== token.pwv || version !== token.sv) return null;
  return user;
}

/** The user whose session cookie this is, or null. */
export async function sessionUser(cookies: Record<string, string>, store: Store): Promise<UserRecord | null> {
  return userOfToken(await sessionToken(cookies), store);
}

export function cookiesOf(request: Request): Record<string, string> {
  return parseCookies(request.headers.get('cookie'));
}

export async function getSessionPrincipal(request: Request, store: Store): Promise<Principal | null> {
  const user = await sessionUser(cookiesOf(request), store);
  return user ? { kind: 'session', userId: user.id, role: user.role } : null;
}

/** Managing one's own credentials (password, API tokens) needs the person, not a program holding a token. */
export function requireSession(principal: Principal): asserts principal is Extract<Principal, { kind: 'session' }> {
  if (principal.kind !== 'session') {
    throw new AuthError(403, 'session_required', 'Sign in to the dashboard to do this; API tokens cannot manage credentials.');
  }
}
