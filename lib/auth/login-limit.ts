import 'server-only';
import { createHash } from 'node:crypto';
import type { Store } from '@/lib/store/types';

/**
 * Sign-in attempts per account and, separately, per client address: after 5
 * attempts without a success in 15 minutes the next one is refused before the
 * password is even checked (so a correct guess on attempt 6 is refused too).
 * Counted in the store, so the limit holds across server instances. A success
 * clears both counters; it is a fixed window, so the wait is at most 15 minutes.
 */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/** Keys hold a hash of the email: the store's rate-limit keys are not a list of accounts. */
export function loginLimitKeys(email: string, address: string): { account: string; address: string } {
  const emailKey = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  return { account: `login:account:${emailKey}`, address: `login:address:${address}` };
}

export type LimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Counts this attempt; says whether it is over the limit and for how long. */
export async function countLoginAttempt(store: Store, email: string, address: string, now: number): Promise<LimitVerdict> {
  const keys = loginLimitKeys(email, address);
  const hits = await Promise.all([
    store.hitRateLimit(keys.account, LOGIN_WINDOW_MS, now),
    store.hitRateLimit(keys.address, LOGIN_WINDOW_MS, now),
  ]);
  const over = hits.filter((h) => h.count > LOGIN_MAX_FAILURES);
  if (over.length === 0) return { limited: false };
  const resetAt = Math.max(...over.map((h) => h.resetAt));
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
}

export async function clearLoginAttempts(store: Store, email: string, address: string): Promise<void> {
  const keys = loginLimitKeys(email, address);
  await Promise.all([store.resetRateLimit(keys.account), store.resetRateLimit(keys.address)]);
}
