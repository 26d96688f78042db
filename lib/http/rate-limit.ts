import 'server-only';
import { tooManyRequests } from '@/lib/http/http-error';
import type { Store } from '@/lib/store/types';

/** The window of every per-minute limit. */
export const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window kept in the store, so the limit holds across
 * server instances. Throws 429 with Retry-After (seconds until the window ends).
 */
export async function enforcePerMinute(store: Store, key: string, perMinute: number, now: number): Promise<void> {
  const hit = await store.hitRateLimit(key, WINDOW_MS, now);
  if (hit.count > perMinute) throw overLimit(perMinute, hit.resetAt, now);
}

/** The 429 of a per-minute limit whose window ends at `resetAt`. */
export function overLimit(perMinute: number, resetAt: number, now: number) {
  return tooManyRequests((resetAt - now) / 1000, `More than ${perMinute} requests a minute; retry after the window resets.`);
}
