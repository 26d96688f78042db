import 'server-only';
import { bearerToken, hashToken } from '@/lib/auth/tokens';
import { AuthError } from '@/lib/http/http-error';
import type { HostRecord, Store } from '@/lib/store/types';

/**
 * The host a collector's request speaks for: its Bearer host token, hashed
 * once, looked up in one store round trip. Unknown or revoked token → 401;
 * a disabled host → 403 (its token is right, it just may not send).
 */
export async function authenticateHost(request: Request, store: Store): Promise<HostRecord> {
  const token = bearerToken(request.headers);
  if (!token) throw new AuthError(401, 'missing_token', 'Send the host token as Authorization: Bearer <token>.');
  const host = await store.findHostByTokenHash(hashToken(token));
  if (!host) throw new AuthError(401, 'invalid_token', 'The host token is unknown or was revoked.');
  if (host.disabled) throw new AuthError(403, 'host_disabled', `Host "${host.name}" is disabled; an admin can enable it again.`);
  return host;
}
