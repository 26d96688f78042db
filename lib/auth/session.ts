import 'server-only';
import { getToken } from 'next-auth/jwt';
import type { Store, UserRecord } from '@/lib/store/types';
import { AuthError } from '@/lib/http/http-error';
import type { Principal } from './authorize';
import { authSecret, sessionCookieName } from './secret';
import { passwordVersion } from './sign-in';

/**
 * The signed-in user behind a request: next-auth's encrypted session cookie,
 * then the user as the store knows them now. A user who was deleted, or whose
 * password changed since the cookie was issued, has no session.
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

/** The user whose session cookie this is, or null. */
export async function sessionUser(cookies: Record<string, string>, store: Store): Promise<UserRecord | null> {
  const cookieName = sessionCookieName();
  if (!Object.keys(cookies).some((name) => name.startsWith(cookieName))) return null;
  const token = await getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: authSecret(),
    cookieName,
    secureCookie: cookieName.startsWith('__Secure-'),
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  }).catch(() => null);
  if (!token?.uid || !token.pwv) return null;
  const user = await store.getUser(token.uid);
  if (!user || passwordVersion(user.passwordHash) !== token.pwv) return null;
  return user;
}

export async function getSessionPrincipal(request: Request, store: Store): Promise<Principal | null> {
  const user = await sessionUser(parseCookies(request.headers.get('cookie')), store);
  return user ? { kind: 'session', userId: user.id, role: user.role } : null;
}

/** Managing one's own credentials (password, API tokens) needs the person, not a program holding a token. */
export function requireSession(principal: Principal): asserts principal is Extract<Principal, { kind: 'session' }> {
  if (principal.kind !== 'session') {
    throw new AuthError(403, 'session_required', 'Sign in to the dashboard to do this; API tokens cannot manage credentials.');
  }
}
