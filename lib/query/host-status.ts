import { DEFAULT_CADENCE } from '@/lib/ingest/cadence';

export type HostStatus = 'online' | 'stale' | 'offline' | 'waiting';

/**
 * A host is online while its posts arrive about on time, stale after a few
 * missed ones, offline after many. One that never reported is waiting for its
 * first report: nothing was ever up, so nothing is down (host-down alerts,
 * lib/alerts judgeTick, read a null lastSeen the same way).
 */
export const ONLINE_PERIODS = 3;
export const STALE_PERIODS = 30;

/**
 * How often a host is expected to post: the server's default post interval,
 * or its sample interval when it samples less often than that.
 */
export function expectedPeriodMs(sampleIntervalMs: number | null | undefined): number {
  return Math.max(DEFAULT_CADENCE.postIntervalMs, sampleIntervalMs ?? 0);
}

/** Never reported: no batch of this host was ever accepted. */
export function neverReported(lastSeen: number | null): lastSeen is null {
  return lastSeen === null;
}

export function hostStatus(lastSeen: number | null, periodMs: number, now: number): HostStatus {
  if (neverReported(lastSeen)) return 'waiting';
  const age = now - lastSeen;
  if (age <= ONLINE_PERIODS * periodMs) return 'online';
  if (age <= STALE_PERIODS * periodMs) return 'stale';
  return 'offline';
}
