import { DEFAULT_CADENCE } from '@/lib/ingest/cadence';

export type HostStatus = 'online' | 'stale' | 'offline';

/** A host is online while its posts arrive about on time, stale after a few missed ones, offline after many (or never seen). */
export const ONLINE_PERIODS = 3;
export const STALE_PERIODS = 30;

/**
 * How often a host is expected to post: the server's default post interval,
 * or its sample interval when it samples less often than that.
 */
export function expectedPeriodMs(sampleIntervalMs: number | null | undefined): number {
  return Math.max(DEFAULT_CADENCE.postIntervalMs, sampleIntervalMs ?? 0);
}

export function hostStatus(lastSeen: number | null, periodMs: number, now: number): HostStatus {
  if (lastSeen === null) return 'offline';
  const age = now - lastSeen;
  if (age <= ONLINE_PERIODS * periodMs) return 'online';
  if (age <= STALE_PERIODS * periodMs) return 'stale';
  return 'offline';
}
