import { tiers, type Retention } from '@/lib/metrics/tiers';
import { RECORD_SEPARATOR, encodeUint } from '../codec';
import type { IngestPlan } from '../ingest-plan';
import { snapshotSlot, SNAPSHOT_EVERY_MS } from '../state';
import { chunkStart, RAW_CHUNK_MS, SEEN_CHUNK_MS, SNAPSHOT_CHUNK_MS, BUCKETS_PER_ROLLUP_KEY, type RedisKeys } from './keys';

/** How many columns and schemas the host had when its catalog was read: the script refuses a plan made from an older catalog. */
export interface CatalogVersion {
  columns: number;
  schemas: number;
}

/**
 * The version of a catalog this process has not read yet, planned as empty: right the first time for
 * a new host (no extra call), and for any other the script answers with the stored catalog to plan again.
 */
export const EMPTY_VERSION: CatalogVersion = { columns: 0, schemas: 0 };

/**
 * The shared ingest plan (lib/store/ingest-plan.ts) as the ingest script's
 * arguments: every key it may touch (all under the host's hash tag, so one
 * Cluster slot) and a JSON payload. The script only checks duplicates,
 * merges rollups and writes; everything else was decided by the planner. Pure.
 */
export function ingestArgs(keys: RedisKeys, hostId: string, plan: IngestPlan, now: number, retention: Retention, version: CatalogVersion) {
  const keyList = [keys.state(hostId), keys.schemas(hostId), keys.columns(hostId), keys.watch(hostId), keys.snapshotIndex(hostId), keys.gone(hostId)];
  const keyIndex = new Map<string, number>();
  const ref = (key: string) => {
    let i = keyIndex.get(key);
    if (i === undefined) {
      keyList.push(key);
      i = keyList.length; // Lua KEYS are 1-based
      keyIndex.set(key, i);
    }
    return i;
  };
  const [rawTier] = tiers(retention);
  const samples = plan.samples.map((s) => {
    const { raw, rollups } = s.targets;
    const chunkSize = raw ? RAW_CHUNK_MS : SEEN_CHUNK_MS;
    const chunk = chunkStart(s.ts, chunkSize);
    const keep = raw ? rawTier.retentionMs : Math.max(0, ...rollups.map((r) => r.tier.retentionMs));
    const out: Record<string, unknown> = {
      ts: s.ts,
      k: ref(raw ? keys.raw(hostId, s.ts) : keys.seen(hostId, s.ts)),
      x: ttl(chunk + chunkSize + keep, now),
      tok: RECORD_SEPARATOR + encodeUint(s.ts - chunk),
      c: s.columns,
      v: s.values,
      r: rollups.map(({ tier, bucket }) => {
        const period = chunkStart(bucket, tier.bucketMs * BUCKETS_PER_ROLLUP_KEY);
        return [
          ref(keys.rollup(hostId, tier.name, tier.bucketMs, bucket)),
          String((bucket - period) / tier.bucketMs),
          ttl(period + tier.bucketMs * BUCKETS_PER_ROLLUP_KEY + tier.retentionMs, now),
        ];
      }),
    };
    if (raw) out.rec = s.record;
    if (s.snapshot) {
      const hour = chunkStart(s.ts, SNAPSHOT_CHUNK_MS);
      out.ps = { k: ref(keys.snapshots(hostId, s.ts)), f: snapshotField(s.ts), x: ttl(hour + SNAPSHOT_CHUNK_MS + rawTier.retentionMs, now), d: JSON.stringify(s.snapshot) };
    }
    return out;
  });
  const { state } = plan;
  const payload = {
    now,
    cv: version.columns,
    sv: version.schemas,
    nc: plan.newColumns.flatMap((c) => [c.name, String(c.idx)]),
    ns: plan.newSchemas.flatMap((s) => [`c:${s.key}`, `${s.id};${s.key}`]),
    psFloor: now - rawTier.retentionMs,
    psTtl: ttl(now + rawTier.retentionMs + SNAPSHOT_CHUNK_MS, now),
    samples,
    st: {
      ts: state.ts,
      l: JSON.stringify(state.latest),
      p: JSON.stringify(state.snapshot),
      ...(state.system ? { sys: JSON.stringify(state.system) } : {}),
      ...(plan.capped.length > 0 ? { cap: JSON.stringify({ series: plan.capped, at: now }) } : {}),
      c: JSON.stringify(state.counters),
      d: state.dropped,
      seen: now,
      skew: state.skewMs,
    },
  };
  return { keys: keyList, args: [JSON.stringify(payload)] };
}

/** Expiry as a TTL from `now` (the caller's clock), never below 1 s so a key is not dropped as it is written. */
function ttl(expireAt: number, now: number): number {
  return Math.max(1_000, Math.round(expireAt - now));
}

/** The snapshot hash field of a snapshot stamped `ts` (its minute within the hour). */
export function snapshotField(ts: number): string {
  return String((snapshotSlot(ts) * SNAPSHOT_EVERY_MS - chunkStart(ts, SNAPSHOT_CHUNK_MS)) / SNAPSHOT_EVERY_MS);
}
