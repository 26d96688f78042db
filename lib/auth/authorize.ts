import 'server-only';
import { config } from '@/lib/config';
import { bearerToken, hashToken, tokenKind } from '@/lib/auth/tokens';
import { AuthError } from '@/lib/http/http-error';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import type { ApiTokenScope, Role, Store } from '@/lib/store/types';
import { MUTATING_METHODS, originVerdict } from './origin';
import { effectiveScope } from './scope';
import { getSessionPrincipal } from './session';
import { sessionCookieName } from './secret';
import { heldForEnrolment, twoFactorRequired } from './two-factor-policy';

/**
 * Who is calling a read or admin endpoint. Every API handler goes through
 * authorizeRead or authorizeAdmin, so this file is the single place where
 * credentials are checked: a logged-in session, or an API token
 * (`Authorization: Bearer hwa_…`, looked up by its SHA-256, with scope,
 * expiry and a per-token rate limit). Host ingest tokens are refused here.
 */
export type Principal =
  | { kind: 'session'; userId: string; role: Role }
  | { kind: 'api-token'; userId: string; tokenId: string; scope: ApiTokenScope };

/** How often lastUsedAt is refreshed; a write per read request would double the store load for nothing. */
const TOUCH_EVERY_MS = 60_000;

const hasSessionCookie = (request: Request) => request.headers.get('cookie')?.includes(sessionCookieName()) ?? false;

export interface AuthorizeOptions {
  /** The endpoint is one a user held back by "require two-factor" may call (enrolling, who am I); see two-factor-policy.ts. */
  duringEnrolment?: boolean;
}

async function authorize(request: Request, store: Store, need: ApiTokenScope, now: number, options: AuthorizeOptions): Promise<Principal> {
  // The "require two-factor" setting is read beside the session (one round trip on Redis), and only for a request with a session cookie.
  const [session, required] = await Promise.all([
    getSessionPrincipal(request, store),
    !options.duringEnrolment && hasSessionCookie(request) ? twoFactorRequired(store) : false,
  ]);
  if (session) {
    if (required && (await heldForEnrolment(store, session.userId))) {
      throw new AuthError(403, 'two_factor_enrolment_required', 'An admin requires two-factor codes: set them up on your account page first.');
    }
    // The session cookie rides along on any site's request; only our own pages may mutate with it (CSRF).
    if (MUTATING_METHODS.has(request.method) && originVerdict(request, config().auth.url) === 'cross-origin') {
      throw new AuthError(403, 'cross_origin', 'This request came from another site; changes are accepted only from this server\'s pages.');
    }
    if (need === 'admin' && session.kind === 'session' && session.role !== 'admin') {
      throw new AuthError(403, 'forbidden', 'This needs an admin account.');
    }
    return session;
  }
  const token = bearerToken(request.headers);
  if (!token) throw new AuthError(401, 'unauthenticated', 'Log in, or send an API token as Authorization: Bearer <token>.');
  const kind = tokenKind(token);
  if (kind === 'host' || kind === 'share') {
    throw new AuthError(401, 'wrong_token_kind', `A ${kind} token cannot read the API; create an API token instead.`);
  }
  const record = await store.findApiTokenByHash(hashToken(token));
  if (!record) throw new AuthError(401, 'invalid_token', 'The API token is unknown or was revoked.');
  if (record.expiresAt !== null && record.expiresAt <= now) throw new AuthError(401, 'token_expired', `The API token "${record.name}" has expired.`);
  // Second line of defence: an admin-scope token is worth no more than its owner's role now (a demoted admin's token only reads).
  const scope = record.scope === 'admin' ? effectiveScope('admin', (await store.getUser(record.userId))?.role ?? 'viewer') : record.scope;
  if (need === 'admin' && scope !== 'admin') {
    throw new AuthError(403, 'insufficient_scope', `The API token "${record.name}" ${record.scope === 'admin' ? "belongs to a user who is no longer an admin" : 'has read scope'}; this needs an admin token.`);
  }
  await enforcePerMinute(store, `api:${record.id}`, config().rateLimits.apiPerMinute, now);
  if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_EVERY_MS) await store.touchApiToken(record.id, now);
  return { kind: 'api-token', userId: record.userId, tokenId: record.id, scope };
}

/** Any signed-in user or API token may read. */
export function authorizeRead(request: Request, store: Store, now: number = Date.now(), options: AuthorizeOptions = {}): Promise<Principal> {
  return authorize(request, store, 'read', now, options);
}

/** Admin accounts and admin-scope API tokens only. */
export function authorizeAdmin(request: Request, store: Store, now: number = Date.now(), options: AuthorizeOptions = {}): Promise<Principal> {
  return authorize(request, store, 'admin', now, options);
}
