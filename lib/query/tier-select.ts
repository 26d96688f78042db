import { DEFAULT_RETENTION, tiers, tierCovers, type Retention, type Tier } from '@/lib/metrics/tiers';

/** Points a series answer may hold by default, and at most. */
export const DEFAULT_POINTS = 600;
export const MAX_POINTS = 2_000;
/** Assumed raw spacing when the host has not said (the collector's default). */
export const DEFAULT_RAW_INTERVAL_MS = 5_000;

export interface TierChoiceInput {
  from: number;
  to: number;
  points: number;
  now: number;
  retention?: Retention;
  /** The host's sample interval: how far apart raw samples are. */
  rawIntervalMs?: number;
}

export interface TierChoice {
  tier: Tier;
  /**
   * Width of one answer point. The tier's bucket, or a whole multiple of it
   * when even the coarsest tier has more buckets than `points` (30 days at
   * 600 points needs 2-hour points from the 1-hour tier). For raw: the
   * nominal sample spacing.
   */
  stepMs: number;
}

/** Buckets of width `w` (epoch-aligned) that [from, to] touches. */
export function bucketCount(from: number, to: number, w: number): number {
  return Math.floor(to / w) - Math.floor(from / w) + 1;
}

/**
 * The finest tier that still keeps data as old as `from` and answers [from, to]
 * in at most `points` points. When no tier is fine-and-small enough, the
 * coarsest tier that covers `from` (or the coarsest of all, when `from` is
 * older than every retention) is merged into wider points.
 */
export function chooseTier(input: TierChoiceInput): TierChoice {
  const { from, to, points, now } = input;
  const all = tiers(input.retention ?? DEFAULT_RETENTION);
  const rawInterval = Math.max(1, input.rawIntervalMs ?? DEFAULT_RAW_INTERVAL_MS);
  const covering = all.filter((t) => tierCovers(t, from, now));
  for (const tier of covering) {
    const width = tier.bucketMs || rawInterval;
    const count = tier.bucketMs === 0 ? Math.floor((to - from) / width) + 1 : bucketCount(from, to, width);
    if (count <= points) return { tier, stepMs: width };
  }
  const coarsest = covering.at(-1) ?? all.at(-1)!;
  const base = coarsest.bucketMs || rawInterval;
  let k = Math.max(1, Math.floor((to - from) / (base * points)));
  while (bucketCount(from, to, base * k) > points) k++;
  return { tier: coarsest, stepMs: base * k };
}
