import 'server-only';
import { hashToken } from '@/lib/auth/tokens';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import type { ShareRecord, Store } from '@/lib/store/types';
import { ShareExpiredError, ShareNotFoundError } from './errors';
import { isShareExpired, isShareToken } from './rules';

/**
 * The check every share request goes through, page and API alike: the
 * client address's rate limit first (so guessing tokens is limited too),
 * then the token's hash looked up in the store on every request, so a
 * revocation holds on the next request on every instance.
 */
export interface ShareRequest {
  token: string;
  /** lib/auth/client-address.ts: the key of the rate limit. */
  address: string;
  perMinute: number;
}

export async function openShare(store: Store, req: ShareRequest, now: number): Promise<ShareRecord> {
  await enforcePerMinute(store, `share:${req.address}`, req.perMinute, now);
  if (!isShareToken(req.token)) throw new ShareNotFoundError();
  const share = await store.findShareByHash(hashToken(req.token));
  if (!share) throw new ShareNotFoundError();
  if (isShareExpired(share, now)) throw new ShareExpiredError();
  return share;
}

/** A link answers for its own host only; any other host id is as unknown as a wrong token. */
export async function openShareFor(store: Store, req: ShareRequest, hostId: string, now: number): Promise<ShareRecord> {
  const share = await openShare(store, req, now);
  if (share.hostId !== hostId) throw new ShareNotFoundError();
  return share;
}
