import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { clientAddress } from '@/lib/auth/client-address';
import { config } from '@/lib/config';
import { HttpError } from '@/lib/http/http-error';
import type { SeriesRequest } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import type { ShareRecord } from '@/lib/store/types';
import { openShare } from './access';
import { ShareExpiredError, ShareNotFoundError } from './errors';
import type { ShareHostView, ShareSeries } from './view';
import { hostViewFor, seriesFor } from './viewer';

/**
 * The share page's first render: the same checks as the share API (rate
 * limit, token, expiry), one counted view, and the data through the same
 * allow-list. Cached per request so the page title and the page share one
 * lookup and one view.
 */
export type ShareOpening =
  | { kind: 'found'; share: ShareRecord; view: ShareHostView; now: number }
  | { kind: 'not-found' }
  | { kind: 'expired' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'unavailable' };

export const openSharePage = cache(async (token: string): Promise<ShareOpening> => {
  const store = getStore();
  const now = Date.now();
  try {
    const share = await openShare(store, { token, address: clientAddress(await headers()), perMinute: config().rateLimits.sharePerMinute }, now);
    const [view] = await Promise.all([hostViewFor(store, share, now), store.recordShareView(share.id, now)]);
    return { kind: 'found', share, view, now };
  } catch (err) {
    if (err instanceof StoreUnavailableError) return { kind: 'unavailable' };
    if (err instanceof ShareExpiredError) return { kind: 'expired' };
    // The per-address limit is lib/http's rate limiter, an HTTP error by nature.
    if (err instanceof HttpError && err.status === 429) return { kind: 'rate-limited', retryAfterSeconds: Number(err.headers['Retry-After'] ?? 60) };
    if (err instanceof ShareNotFoundError) return { kind: 'not-found' };
    throw err;
  }
});

/** The charts' first answer for the page's range; null when the store stops answering in between (the client retries). */
export async function initialShareSeries(share: ShareRecord, request: SeriesRequest, now: number): Promise<ShareSeries | null> {
  try {
    return await seriesFor(getStore(), share, request, now, config().retention);
  } catch (err) {
    if (err instanceof StoreUnavailableError) return null;
    throw err;
  }
}
