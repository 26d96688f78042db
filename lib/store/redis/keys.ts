import { DAY, HOUR, tiers, type Retention } from '@/lib/metrics/tiers';
import { longestRetention } from '@/lib/metrics/rollup';

/**
 * The Redis key layout. Global records live in a few hashes; everything of
 * one host carries the host's hash tag `{id}` so it lands in one Cluster slot
 * and one script may touch it all. Time-partitioned keys (raw chunks, rollup
 * periods, snapshot hours) have names computable from time, so a host's keys
 * can be listed without KEYS or SCAN.
 */

/** Raw samples are appended to one string per host per hour. */
export const RAW_CHUNK_MS = HOUR;
/** Markers of late samples (older than raw retention) for dedup, one string per host per day. */
export const SEEN_CHUNK_MS = DAY;
/** Process snapshots: one hash per host per hour, a field per minute. */
export const SNAPSHOT_CHUNK_MS = HOUR;
/** Each rollup hash holds this many buckets of its tier (1 day of 1m, 5 days of 5m, 60 days of 1h). */
export const BUCKETS_PER_ROLLUP_KEY = 1_440;

const INGEST_LIMIT = 'ingest:';

export const chunkStart = (ts: number, size: number) => ts - (ts % size);

export class RedisKeys {
  constructor(readonly prefix: string) {}

  hosts = () => `${this.prefix}hosts`;
  users = () => `${this.prefix}users`;
  apiTokens = () => `${this.prefix}apitokens`;
  shares = () => `${this.prefix}shares`;
  meta = () => `${this.prefix}meta`;
  /** One hash per user with a two-factor record (redis/two-factor.ts). */
  twoFactor = (userId: string) => `${this.prefix}tfa:${userId}`;
  /**
   * A rate-limit window. A host's ingest window (`ingest:<id>`, compose.ts ingestLimitKey) carries the host's
   * hash tag, so the fused ingest script (host-auth.ts) counts it in the host's slot.
   */
  rateLimit = (key: string) => (key.startsWith(INGEST_LIMIT) ? `${this.prefix}rl:ingest:{${key.slice(INGEST_LIMIT.length)}}` : `${this.prefix}rl:${key}`);
  /** Alerting's keys, all under the one hash tag `{alerts}` (see alertKeys). */
  alerts = () => alertKeys(`${this.prefix}{alerts}:`);

  private host = (id: string) => `${this.prefix}{${id}}:`;
  state = (id: string) => `${this.host(id)}state`;
  schemas = (id: string) => `${this.host(id)}schemas`;
  columns = (id: string) => `${this.host(id)}cols`;
  /** The catalog's version counter, next ids and each entry's last-seen hour (fields `v`, `nc`, `ns`, `c<column>`, `s<schema>`). */
  catalog = (id: string) => `${this.host(id)}cat`;
  watch = (id: string) => `${this.host(id)}watch`;
  /** The host's credentials for the fused ingest (host-auth.ts); outlives deleteHostSeries on purpose. */
  auth = (id: string) => `${this.host(id)}auth`;
  snapshotIndex = (id: string) => `${this.host(id)}psidx`;
  /** Set when the host's series are deleted: an ingest already on its way must not bring them back. */
  gone = (id: string) => `${this.host(id)}gone`;
  raw = (id: string, ts: number) => `${this.host(id)}raw:${chunkStart(ts, RAW_CHUNK_MS)}`;
  seen = (id: string, ts: number) => `${this.host(id)}seen:${chunkStart(ts, SEEN_CHUNK_MS)}`;
  snapshots = (id: string, ts: number) => `${this.host(id)}ps:${chunkStart(ts, SNAPSHOT_CHUNK_MS)}`;
  rollup = (id: string, tier: string, bucketMs: number, bucket: number) =>
    `${this.host(id)}r${tier}:${chunkStart(bucket, bucketMs * BUCKETS_PER_ROLLUP_KEY)}`;

  /** Every key the host can have now (plus a margin for clock skew), all in its slot. */
  allOfHost(id: string, retention: Retention, now: number): string[] {
    const keys = [this.state(id), this.schemas(id), this.columns(id), this.watch(id), this.snapshotIndex(id), this.gone(id), this.catalog(id)];
    const span = (size: number, back: number, make: (t: number) => string) => {
      for (let t = chunkStart(now - back - size, size); t <= now + size; t += size) keys.push(make(t));
    };
    span(RAW_CHUNK_MS, retention.rawMs, (t) => this.raw(id, t));
    span(SNAPSHOT_CHUNK_MS, retention.rawMs, (t) => this.snapshots(id, t));
    span(SEEN_CHUNK_MS, longestRetention(retention), (t) => this.seen(id, t));
    for (const tier of tiers(retention).slice(1)) {
      const size = tier.bucketMs * BUCKETS_PER_ROLLUP_KEY;
      span(size, tier.retentionMs, (t) => this.rollup(id, tier.name, tier.bucketMs, t));
    }
    return keys;
  }
}

/**
 * Alerting's layout. Every key starts with `base` (`<prefix>{alerts}:`), so
 * all of them hash to one Cluster slot whatever the ids after it hold, and one
 * script may touch any of them: the scripts (alert-scripts.ts) build the
 * per-host, per-rule, per-delivery names from `base` exactly as below.
 */
export function alertKeys(base: string) {
  return {
    base,
    /** Hashes id → record JSON. */
    rules: `${base}rules`,
    channels: `${base}channels`,
    windows: `${base}windows`,
    silences: `${base}silences`,
    /** One hash per host: state key (rule \0 host \0 entity) → state JSON; getHostStates is one HGETALL. */
    states: (hostId: string) => `${base}st:${hostId}`,
    /** Sets: the hosts with any state, and per rule the hosts with a state of it (listStates and the cascades). */
    stateHosts: `${base}sthosts`,
    ruleHosts: (ruleId: string) => `${base}strule:${ruleId}`,
    /** Events: id → JSON, id → `host \0 rule \0 severity` (filters and trimming read no JSON), and time-ordered sets of ids. */
    events: `${base}ev`,
    eventTags: `${base}evk`,
    eventTimes: `${base}evt`,
    hostEvents: (hostId: string) => `${base}evh:${hostId}`,
    ruleEvents: (ruleId: string) => `${base}evr:${ruleId}`,
    /** A queued delivery: hash json (as committed), status, attempts, dueAt, leaseUntil ('' for none). */
    delivery: (id: string) => `${base}dl:${id}`,
    /** Queued delivery ids scored by when each may be claimed (its due time, or its lease's end when later). */
    due: `${base}dldue`,
    /** Finished delivery ids scored by when they finished: commits skip them (idempotency). */
    done: `${base}dldone`,
    log: (channelId: string) => `${base}log:${channelId}`,
    lease: (name: string) => `${base}lease:${name}`,
  };
}
export type AlertKeys = ReturnType<typeof alertKeys>;
