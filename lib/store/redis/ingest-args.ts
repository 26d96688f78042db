import { tiers, type Retention } from '@/lib/metrics/tiers';
import { RECORD_SEPARATOR, encodeUint } from '../codec';
import { changesEntries } from '../catalog-edit';
import type { IngestPlan } from '../ingest-plan';
import type { BatchBucket } from './hot-buckets';
import { snapshotSlot, SNAPSHOT_EVERY_MS } from '../state';
import { chunkStart, RAW_CHUNK_MS, SEEN_CHUNK_MS, SNAPSHOT_CHUNK_MS, BUCKETS_PER_ROLLUP_KEY, type RedisKeys } from './keys';

/**
 * The catalog version this process planned from: a counter in the host's catalog hash, bumped by every
 * plan that adds or removes entries (counting entries no longer works once entries can leave). The
 * script refuses a plan made from another version.
 */
export type CatalogVersion = number;

/**
 * The version of a catalog this process has not read yet, planned as empty: right the first time for
 * a new host (no extra call), and for any other the script answers with the stored catalog to plan again.
 */
export const EMPTY_VERSION: CatalogVersion = 0;

/** The version of a stored catalog without a counter: written by an older release if it has entries (the script reckons alike). */
export const legacyVersion = (hasEntries: boolean): CatalogVersion => (hasEntries ? 1 : 0);

/** Catalog hash fields of a column's and a schema's last-seen hour. */
export const columnSeenField = (idx: number) => `c${idx}`;
export const schemaSeenField = (id: number) => `s${id}`;

/**
 * The shared ingest plan (lib/store/ingest-plan.ts) as the ingest script's
 * arguments: every key it may touch (all under the host's hash tag, so one
 * Cluster slot), a JSON payload, and `blobs`: the JSON texts the script stores
 * as they are (latest sample, process snapshots, counters), numbered from 1 in
 * the payload, and the samples' columns and values, which the script decodes
 * only when it merges a rollup bucket itself. As arguments of their own they are written once, not escaped
 * again inside the payload and unescaped by the script's decode. The script
 * only checks duplicates, merges rollups and writes; everything else was
 * decided by the planner. Pure.
 *
 * `buckets` are the rollup buckets the batch touches, numbered from 1 in the
 * payload. With `offer` (hot-buckets.ts) and samples of distinct times, `texts`
 * holds each bucket's believed and merged text, and the caller passes them as
 * the script's last arguments (after any of its own: the script counts them
 * from the end); otherwise `texts` is empty and the script merges every bucket.
 */
export interface IngestArgs {
  keys: string[];
  args: string[];
  blobs: string[];
  texts: string[];
  buckets: BatchBucket[];
}

/** The ingest script's arguments: the payload, the caller's own, then blobs and texts (the script counts both from the end). */
export const scriptArgs = (a: IngestArgs, own: readonly string[] = []): string[] => [...a.args, ...own, ...a.blobs, ...a.texts];

export function ingestArgs(
  keys: RedisKeys,
  hostId: string,
  plan: IngestPlan,
  now: number,
  retention: Retention,
  version: CatalogVersion,
  offer?: (buckets: BatchBucket[]) => string[],
): IngestArgs {
  const keyList = [
    keys.state(hostId), keys.schemas(hostId), keys.columns(hostId), keys.watch(hostId), keys.snapshotIndex(hostId), keys.gone(hostId), keys.catalog(hostId),
  ];
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
  const blobs: string[] = [];
  const blob = (json: string) => blobs.push(json);
  const { state } = plan;
  // The newest sample's own snapshot is also the state's (the planner made one text for both): one blob for both.
  let stateSnapshot: number | undefined;
  // Every sample's columns and values, as one blob: the script decodes it only when it merges a bucket itself (no usable offer).
  const columnsAndValues: [number[], number[]][] = [];
  const buckets: BatchBucket[] = [];
  const bucketNo = new Map<string, number>();
  const [rawTier] = tiers(retention);
  const samples = plan.samples.map((s) => {
    columnsAndValues.push([s.columns, s.values]);
    const { raw, rollups } = s.targets;
    const chunkSize = raw ? RAW_CHUNK_MS : SEEN_CHUNK_MS;
    const chunk = chunkStart(s.ts, chunkSize);
    const keep = raw ? rawTier.retentionMs : Math.max(0, ...rollups.map((r) => r.tier.retentionMs));
    const out: Record<string, unknown> = {
      ts: s.ts,
      k: ref(raw ? keys.raw(hostId, s.ts) : keys.seen(hostId, s.ts)),
      x: ttl(chunk + chunkSize + keep, now),
      tok: RECORD_SEPARATOR + encodeUint(s.ts - chunk),
      r: rollups.map(({ tier, bucket }) => {
        const period = chunkStart(bucket, tier.bucketMs * BUCKETS_PER_ROLLUP_KEY);
        const key = keys.rollup(hostId, tier.name, tier.bucketMs, bucket);
        const field = String((bucket - period) / tier.bucketMs);
        const id = `${key}\n${field}`;
        let no = bucketNo.get(id);
        if (no === undefined) {
          buckets.push({ key, field, adds: [] });
          bucketNo.set(id, (no = buckets.length));
        }
        buckets[no - 1]!.adds.push({ columns: s.columns, values: s.values });
        return [ref(key), field, ttl(period + tier.bucketMs * BUCKETS_PER_ROLLUP_KEY + tier.retentionMs, now), no];
      }),
    };
    if (raw) out.rec = s.record;
    if (s.snapshot) {
      const hour = chunkStart(s.ts, SNAPSHOT_CHUNK_MS);
      const d = blob(s.snapshot);
      if (s.snapshot === state?.snapshot) stateSnapshot = d;
      out.ps = { k: ref(keys.snapshots(hostId, s.ts)), f: snapshotField(s.ts), x: ttl(hour + SNAPSHOT_CHUNK_MS + rawTier.retentionMs, now), d };
    }
    return out;
  });
  // Two samples of one time in a batch: the second is a duplicate of the first, which only the script's own merge sees.
  const texts = offer && new Set(plan.samples.map((s) => s.ts)).size === plan.samples.length ? offer(buckets) : [];
  const payload: Record<string, unknown> = {
    now,
    nt: texts.length,
    cv: version,
    ...catalogArgs(plan, version),
    psFloor: now - rawTier.retentionMs,
    psTtl: ttl(now + rawTier.retentionMs + SNAPSHOT_CHUNK_MS, now),
    samples,
  };
  // No kept sample: the script leaves the host's state (its last seen too) as it is.
  if (state) {
    payload.st = {
      ts: state.ts,
      l: blob(state.latest),
      p: stateSnapshot ?? blob(state.snapshot),
      ...(state.system ? { sys: blob(state.system) } : {}),
      ...(state.capped ? { cap: blob(state.capped) } : {}),
      c: blob(state.counters),
      d: state.dropped,
      seen: now,
      skew: state.skewMs,
    };
  }
  payload.cvs = blob(JSON.stringify(columnsAndValues));
  payload.nb = blobs.length;
  return { keys: keyList, args: [JSON.stringify(payload)], blobs, texts, buckets };
}

/**
 * The plan's catalog changes as flat field lists (all strings: a Lua number would reach Redis as
 * `1.7e+12`). `chk`: seen fields and the bound each must still be below (the plan's view of a
 * dropped entry must still hold); `cat`: the new version and next ids, only when entries change.
 */
function catalogArgs(plan: IngestPlan, version: CatalogVersion) {
  const at = String(plan.seen.at);
  return {
    chk: [
      ...plan.dropColumns.flatMap((d) => [columnSeenField(d.idx), String(d.before)]),
      ...plan.dropSchemas.flatMap((d) => [schemaSeenField(d.id), String(d.before)]),
    ],
    dc: plan.dropColumns.map((d) => d.name),
    ds: plan.dropSchemas.map((d) => `c:${d.key}`),
    dm: [...plan.dropColumns.map((d) => columnSeenField(d.idx)), ...plan.dropSchemas.map((d) => schemaSeenField(d.id))],
    nc: plan.newColumns.flatMap((c) => [c.name, String(c.idx)]),
    ns: plan.newSchemas.flatMap((s) => [`c:${s.key}`, `${s.id};${s.key}`]),
    seen: [...plan.seen.columns.map((c) => [columnSeenField(c), at]), ...plan.seen.schemas.map((s) => [schemaSeenField(s), at])].flat(),
    cat: changesEntries(plan) ? ['v', String(version + 1), 'nc', String(plan.next.column), 'ns', String(plan.next.schema)] : [],
  };
}

/** Expiry as a TTL from `now` (the caller's clock), never below 1 s so a key is not dropped as it is written. */
function ttl(expireAt: number, now: number): number {
  return Math.max(1_000, Math.round(expireAt - now));
}

/** The snapshot hash field of a snapshot stamped `ts` (its minute within the hour). */
export function snapshotField(ts: number): string {
  return String((snapshotSlot(ts) * SNAPSHOT_EVERY_MS - chunkStart(ts, SNAPSHOT_CHUNK_MS)) / SNAPSHOT_EVERY_MS);
}
