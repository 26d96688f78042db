import 'server-only';
import { config } from '@/lib/config';
import { bearerToken, hashToken, tokenKind } from '@/lib/auth/tokens';
import { AuthError } from '@/lib/http/http-error';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import type { ApiTokenScope, Role, Store } from '@/lib/store/types';

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

/**
 * The logged-in user behind a request, or null. Login does not exist yet, so
 * there is never a session and only API tokens authorize; the accounts work
 * fills this function in with the next-auth session.
 */
export async function getSessionPrincipal(request: Request): Promise<Principal | null> {
  void request;
  return null;
}

async function authorize(request: Request, store: Store, need: ApiTokenScope, now: number): Promise<Principal> {
  const session = await getSessionPrincipal(request);
  if (session) {
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
  if (need === 'admin' && record.scope !== 'admin') {
    throw new AuthError(403, 'insufficient_scope', `The API token "${record.name}" has read scope; this needs an admin token.`);
  }
  await enforcePerMinute(store, `api:${record.id}`, config().rateLimits.apiPerMinute, now);
  if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_EVERY_MS) await store.touchApiToken(record.id, now);
  return { kind: 'api-token', userId: record.userId, tokenId: record.id, scope: record.scope };
}

/** Any signed-in user or API token may read. */
export function authorizeRead(request: Request, store: Store, now: number = Date.now()): Promise<Principal> {
  return authorize(request, store, 'read', now);
}

/** Admin accounts and admin-scope API tokens only. */
export function authorizeAdmin(request: Request, store: Store, now: number = Date.now()): Promise<Principal> {
  return authorize(request, store, 'admin', now);
}
