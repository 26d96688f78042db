import 'server-only';
import { bearerToken, hashToken, hostOfToken } from '@/lib/auth/tokens';
import { AuthError } from '@/lib/http/http-error';
import type { HostRecord } from '@/lib/store/types';

/**
 * The host a collector's request speaks for, in two steps so ingest can send
 * the lookup (one store round trip, by the token's hash) together with other
 * work: missing token → 401; unknown or revoked token → 401; a disabled host
 * → 403 (its token is right, it just may not send).
 */

/**
 * The hash of the request's Bearer host token, the key it is looked up by, and the host the token names
 * (null for a token of the older form, which names none); 401 without a token.
 */
export function hostTokenClaim(request: Request): { tokenHash: string; hostId: string | null } {
  const token = bearerToken(request.headers);
  if (!token) throw new AuthError(401, 'missing_token', 'Send the host token as Authorization: Bearer <token>.');
  return { tokenHash: hashToken(token), hostId: hostOfToken(token) };
}

export const refusedToken = () => new AuthError(401, 'invalid_token', 'The host token is unknown or was revoked.');

/** The host the lookup found, if it may send. */
export function admittedHost(host: HostRecord | null): HostRecord {
  if (!host) throw refusedToken();
  if (host.disabled) throw new AuthError(403, 'host_disabled', `Host "${host.name}" is disabled; an admin can enable it again.`);
  return host;
}
