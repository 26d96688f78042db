export type TierName = 'raw' | '1m' | '5m' | '1h';

/**
 * The history tiers (raw at the collector's interval, then 1-minute, 5-minute
 * and 1-hour rollups) and their retention. Pure: callers pass the retention
 * from config so that tests can use their own.
 */

export interface Tier {
  name: TierName;
  /** Bucket width; 0 for raw samples. */
  bucketMs: number;
  retentionMs: number;
}

export interface Retention {
  rawMs: number;
  minuteMs: number;
  fiveMinuteMs: number;
  hourMs: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const DEFAULT_RETENTION: Retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };

/** Finest first. */
export function tiers(retention: Retention = DEFAULT_RETENTION): Tier[] {
  return [
    { name: 'raw', bucketMs: 0, retentionMs: retention.rawMs },
    { name: '1m', bucketMs: MINUTE, retentionMs: retention.minuteMs },
    { name: '5m', bucketMs: 5 * MINUTE, retentionMs: retention.fiveMinuteMs },
    { name: '1h', bucketMs: HOUR, retentionMs: retention.hourMs },
  ];
}

/** Whether a tier still keeps data stamped `ts` at time `now` (late samples go only where they are kept). */
export function tierCovers(tier: Tier, ts: number, now: number): boolean {
  return ts >= now - tier.retentionMs;
}
