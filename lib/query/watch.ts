import 'server-only';
import { HostNotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';

/**
 * A dashboard open in Live mode marks its host as watched; the ingest reply
 * then asks that host's collector for 1-second samples until the mark runs
 * out. The page renews it well before then (every ~20 s), so closing the page
 * lets the host fall back to its normal cadence within a minute.
 */
export const WATCH_MS = 60_000;

export async function watchHost(store: Store, hostId: string, now: number) {
  const host = await store.getHost(hostId);
  if (!host) throw new HostNotFound(hostId);
  const watchedUntil = now + WATCH_MS;
  await store.markWatched(hostId, watchedUntil);
  return { hostId, watchedUntil };
}
