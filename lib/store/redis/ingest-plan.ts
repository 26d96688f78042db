import { historyRecord } from '@/lib/metrics/history';
import { sampleTargets } from '@/lib/metrics/rollup';
import { tiers, type Retention } from '@/lib/metrics/tiers';
import { CODEC_ALPHABETS, encodeUint, encodeUints, RECORD_SEPARATOR } from '../codec';
import { newestSample, snapshotSlot, splitLatest, SNAPSHOT_EVERY_MS } from '../state';
import type { IngestBatch } from '../types';
import { chunkStart, RAW_CHUNK_MS, SEEN_CHUNK_MS, SNAPSHOT_CHUNK_MS, BUCKETS_PER_ROLLUP_KEY, type RedisKeys } from './keys';

/**
 * Turns a batch into the arguments of the ingest script: every key it may
 * touch (all under the host's hash tag) and a JSON payload. Everything that
 * needs no stored data is computed here, so the script only checks for
 * duplicates, merges rollups and writes. Pure.
 */
export function ingestPlan(keys: RedisKeys, hostId: string, batch: IngestBatch, now: number, retention: Retention) {
  const keyList = [keys.state(hostId), keys.schemas(hostId), keys.columns(hostId), keys.watch(hostId), keys.snapshotIndex(hostId)];
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
  const schemaList: string[] = [];
  const schemaRef = (key: string) => {
    const i = schemaList.indexOf(key);
    return i >= 0 ? i + 1 : schemaList.push(key);
  };
  const [rawTier] = tiers(retention);
  const slotsInBatch = new Set<number>();
  let tooOld = 0;
  const samples = batch.samples.flatMap((sample) => {
    const targets = sampleTargets(sample.ts, now, retention);
    // Older than every tier: nothing to keep, acknowledged as accepted (as the SQLite backend does).
    if (!targets.raw && targets.rollups.length === 0) {
      tooOld++;
      return [];
    }
    const record = historyRecord(sample);
    const chunkSize = targets.raw ? RAW_CHUNK_MS : SEEN_CHUNK_MS;
    const chunk = chunkStart(sample.ts, chunkSize);
    const keep = targets.raw ? rawTier.retentionMs : Math.max(0, ...targets.rollups.map((r) => r.tier.retentionMs));
    const plan: Record<string, unknown> = {
      ts: sample.ts,
      k: ref(targets.raw ? keys.raw(hostId, sample.ts) : keys.seen(hostId, sample.ts)),
      x: ttl(chunk + chunkSize + keep, now),
      tok: RECORD_SEPARATOR + encodeUint(sample.ts - chunk),
      s: schemaRef(record.schemaKey),
      v: record.values,
      r: targets.rollups.map(({ tier, bucket }) => [
        ref(keys.rollup(hostId, tier.name, tier.bucketMs, bucket)),
        String((bucket - chunkStart(bucket, tier.bucketMs * BUCKETS_PER_ROLLUP_KEY)) / tier.bucketMs),
        ttl(chunkStart(bucket, tier.bucketMs * BUCKETS_PER_ROLLUP_KEY) + tier.bucketMs * BUCKETS_PER_ROLLUP_KEY + tier.retentionMs, now),
      ]),
    };
    if (targets.raw) plan.rec = encodeUints(record.values);
    const slot = snapshotSlot(sample.ts);
    if (targets.raw && !slotsInBatch.has(slot)) {
      slotsInBatch.add(slot);
      const hour = chunkStart(sample.ts, SNAPSHOT_CHUNK_MS);
      plan.ps = {
        k: ref(keys.snapshots(hostId, sample.ts)),
        f: String((slot * SNAPSHOT_EVERY_MS - hour) / SNAPSHOT_EVERY_MS),
        x: ttl(hour + SNAPSHOT_CHUNK_MS + rawTier.retentionMs, now),
        d: JSON.stringify(splitLatest(sample).snapshot),
      };
    }
    return [plan];
  });
  const newest = newestSample(batch.samples);
  const { latest, snapshot } = splitLatest(newest);
  const payload = {
    now,
    psFloor: now - rawTier.retentionMs,
    psTtl: ttl(now + rawTier.retentionMs + SNAPSHOT_CHUNK_MS, now),
    schemas: schemaList,
    samples,
    st: {
      ts: newest.ts,
      l: JSON.stringify(latest),
      p: JSON.stringify(snapshot),
      ...(batch.system ? { sys: JSON.stringify(batch.system) } : {}),
      c: JSON.stringify(batch.counters),
      d: batch.counters.dropped,
      seen: now,
      skew: now - newest.ts,
    },
  };
  return { tooOld, keys: keyList, args: [JSON.stringify(payload), CODEC_ALPHABETS.more, CODEC_ALPHABETS.last] };
}

/** Expiry as a TTL from `now` (the caller's clock), never below 1 s so a key is not dropped as it is written. */
function ttl(expireAt: number, now: number): number {
  return Math.max(1_000, Math.round(expireAt - now));
}

/** The snapshot hash field of a snapshot stamped `ts` (its minute within the hour). */
export function snapshotField(ts: number): string {
  return String((snapshotSlot(ts) * SNAPSHOT_EVERY_MS - chunkStart(ts, SNAPSHOT_CHUNK_MS)) / SNAPSHOT_EVERY_MS);
}
