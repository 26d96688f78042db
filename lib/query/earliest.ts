import 'server-only';
import { tierCovers, tiers, type Retention } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';

/** Read to find where a host's history begins: every sample carries it. */
const PROBE_METRIC = 'cpu.total';

/**
 * The earliest time the store has data of a host, or null when it has none
 * (it never reported, or all of it aged out). Asked only when a range came
 * back empty, so an empty chart can say "collecting since 07:32" rather
 * than "no data". Through the ordinary series read, so it holds on every
 * backend: the coarsest tier finds the first bucket over its whole
 * retention, and each finer tier that still keeps that time narrows it
 * within the one bucket found (an hour, then a minute, then the raw sample).
 */
export async function earliestData(store: Store, hostId: string, names: readonly string[], now: number, retention: Retention): Promise<number | null> {
  const metric = names.includes(PROBE_METRIC) ? PROBE_METRIC : names[0];
  if (metric === undefined) return null;
  const coarseFirst = tiers(retention).reverse();
  let from = now - Math.max(...coarseFirst.map((t) => t.retentionMs));
  let to = now;
  let found: number | null = null;
  for (const tier of coarseFirst) {
    if (found !== null && !tierCovers(tier, found, now)) continue;
    const rows = await store.readSeries(hostId, tier.name, [metric], from, to, now);
    const first = rows[0];
    if (!first) continue;
    found = first.t;
    from = first.t;
    to = Math.min(now, first.t + (tier.bucketMs || 1) - 1);
  }
  return found;
}
