export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60_000;
/** A refused token will not fix itself; ask again rarely rather than hammer the server. */
export const AUTH_RETRY_MS = 60_000;
const RETRY_AFTER_CAP_MS = 3_600_000;
/**
 * While the server cannot be reached at all, a TCP connect every 3 to 6 s
 * (random, so a fleet that lost the server together spreads out when it
 * returns) says when it is back: the collector resumes within seconds instead
 * of after a backoff grown to minutes. A probe costs a SYN and a FIN.
 */
export const PROBE_MIN_MS = 3000;
export const PROBE_MAX_MS = 6000;
export const PROBE_TIMEOUT_MS = 5000;

export function probeDelayMs(random: () => number = Math.random): number {
  return Math.round(PROBE_MIN_MS + random() * (PROBE_MAX_MS - PROBE_MIN_MS));
}

/**
 * Delay before retry number `attempt` (0-based): doubling from 1 s, capped at
 * 5 min, plus up to 50% jitter (never above the cap) so a fleet that lost the
 * server together does not come back in lockstep. A server's Retry-After is
 * followed as given (at least 1 s, at most an hour): it knows its own load.
 */
export function backoffMs(attempt: number, retryAfterMs: number | null = null, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 30));
  const jittered = Math.min(BACKOFF_MAX_MS, Math.round(base + random() * base * 0.5));
  if (retryAfterMs !== null) return Math.max(Math.min(retryAfterMs, RETRY_AFTER_CAP_MS), BACKOFF_MIN_MS);
  return jittered;
}
