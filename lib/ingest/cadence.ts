import type { IngestReply } from '@/lib/wire/contract';

/**
 * The cadence the server asks of a collector in each ingest reply. While
 * someone watches the host live it samples and posts every second until the
 * watch mark runs out; otherwise `untilMs: 0` tells the collector that no
 * override is in force and its own settings (default 5 s / 10 s) apply.
 */

export const DEFAULT_CADENCE = { sampleIntervalMs: 5_000, postIntervalMs: 10_000 } as const;
export const LIVE_CADENCE = { sampleIntervalMs: 1_000, postIntervalMs: 1_000 } as const;

export type Cadence = Pick<IngestReply, 'sampleIntervalMs' | 'postIntervalMs' | 'untilMs'>;

export function cadenceFor(watchedUntil: number | null, now: number): Cadence {
  if (watchedUntil !== null && watchedUntil > now) return { ...LIVE_CADENCE, untilMs: watchedUntil };
  return { ...DEFAULT_CADENCE, untilMs: 0 };
}
