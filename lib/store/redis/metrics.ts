import 'server-only';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { readableWindow, retentionFloor, tierByName } from '@/lib/metrics/rollup';
import type { Retention } from '@/lib/metrics/tiers';
import { decodeFirst, RECORD_SEPARATOR } from '../codec';
import { UnknownHostError } from '../errors';
import { cooperative } from '../cooperate';
import { bucketReader, nearestSnapshot, noteCorrupt, rawReader, schemaNames } from '../decode';
import { changesEntries } from '../catalog-edit';
import { planIngest, type IngestPlan } from '../ingest-plan';
import { catalogOf, emptyCatalog, type SeriesCatalog } from '../series-catalog';
import { joinLatest, snapshotSlot } from '../state';
import type { HostState, IngestBatch, IngestResult, ProcessSnapshot, SeriesRow, TierName } from '../types';
import { HotBuckets } from './hot-buckets';
import { columnSeenField, ingestArgs, legacyVersion, type IngestArgs, schemaSeenField, scriptArgs, snapshotField, EMPTY_VERSION, type CatalogVersion } from './ingest-args';
import { BUCKETS_PER_ROLLUP_KEY, chunkStart, RAW_CHUNK_MS, type RedisKeys } from './keys';
import type { RedisPort, RedisReply } from './port';
import { INGEST } from './scripts';
import type { ScriptRunner } from './script-runner';

const STATE_FIELDS = ['ts', 'l', 'sys', 'c', 'd', 'seen', 'skew', 'cap'] as const;
/** Hosts whose catalog this process keeps; past it the least recently ingested is dropped (and read again when it returns). */
const MAX_CACHED_CATALOGS = 20_000;

interface CachedCatalog {
  catalog: SeriesCatalog;
  version: CatalogVersion;
  /**
   * The newest minute slot known to hold a process snapshot: the slot of a raw sample an ingest of this
   * process stored (the script keeps a slot's first snapshot, and only a host's deletion removes it).
   * The planner makes no snapshot text for it, and none is sent.
   */
  filledSlot?: number;
}

/** Series, latest state, process snapshots and watch marks on Redis. */
export class RedisMetrics {
  constructor(
    private readonly port: RedisPort,
    private readonly keys: RedisKeys,
    private readonly retention: Retention,
    private readonly run: ScriptRunner,
    private readonly limits: SeriesLimits = DEFAULT_SERIES_LIMITS,
  ) {}

  /** Each host's columns and schemas as last seen, so the plan is made here and the script only executes it. */
  private readonly catalogs = new Map<string, CachedCatalog>();
  /** Each host's rollup buckets as this process last wrote them, so the script can take a merge made here. */
  private readonly hot = new HotBuckets();

  /**
   * One EVALSHA in the steady state: dedup, raw append, rollups, snapshots, state and the watch mark,
   * atomically. The first batch in this process of a host that already has series (or one after another
   * instance changed the catalog) costs one more: the script answers with the stored catalog and the
   * batch is planned again.
   */
  async ingest(hostId: string, batch: IngestBatch, now: number): Promise<IngestResult> {
    const { result } = await this.execute(hostId, batch, now, (args) => this.run(INGEST, args.keys, scriptArgs(args)) as Promise<RedisReply[]>);
    return result!;
  }

  /**
   * Plans the batch, sends it with `send` (INGEST, or the fused HOST_INGEST that adds its own keys and
   * arguments; `attempt` > 0 is a resend after a stale catalog), and plans again while the script answers
   * -1. Answers the script's reply with the result; a reply below -2 (the fused script's refusals) comes
   * back without one.
   */
  async execute(hostId: string, batch: IngestBatch, now: number, send: (args: IngestArgs, attempt: number) => Promise<RedisReply[]>): Promise<{ reply: RedisReply[]; result?: IngestResult }> {
    for (let attempt = 0; ; attempt++) {
      const cached = this.catalogs.get(hostId) ?? { catalog: emptyCatalog(), version: EMPTY_VERSION };
      const plan = planIngest(batch, now, this.retention, this.limits, cached.catalog, cached.filledSlot);
      const args = ingestArgs(this.keys, hostId, plan, now, this.retention, cached.version, (buckets) => this.hot.offer(hostId, buckets));
      let reply: RedisReply[];
      try {
        reply = await send(args, attempt);
      } catch (err) {
        // Whether the script wrote is unknown: the next batch lets the script merge.
        this.hot.forget(hostId);
        throw err;
      }
      if (reply[0] === -2) {
        this.hot.forget(hostId);
        throw new UnknownHostError(hostId);
      }
      if (typeof reply[0] === 'number' && reply[0] < -2) return { reply };
      if (reply[0] === -1) {
        if (attempt >= 3) throw new Error(`ingest for ${hostId}: the series catalog kept changing under concurrent writers`);
        this.remember(hostId, catalogFromReplies(reply[1], reply[2], reply[3]));
        continue;
      }
      this.remember(hostId, { catalog: plan.catalog, version: changesEntries(plan) ? cached.version + 1 : cached.version, filledSlot: newestRawSlot(plan, cached.filledSlot) });
      this.hot.settle(hostId, args.buckets, args.texts.length > 0 ? args.texts : null, Array.isArray(reply[4]) ? reply[4] : []);
      const [accepted, duplicates, watched] = reply as number[];
      return { reply, result: { accepted, duplicates, tooOld: plan.tooOld, keepsFrom: plan.keepsFrom, watchedUntil: watched > 0 ? watched : null } };
    }
  }

  private remember(hostId: string, entry: CachedCatalog): void {
    this.catalogs.delete(hostId);
    this.catalogs.set(hostId, entry);
    if (this.catalogs.size > MAX_CACHED_CATALOGS) this.catalogs.delete(this.catalogs.keys().next().value!);
  }

  /** Forgets a host's catalog (its series were deleted). */
  forget(hostId: string): void {
    this.catalogs.delete(hostId);
    this.hot.forget(hostId);
  }

  stateCommand(hostId: string) {
    return ['HMGET', this.keys.state(hostId), ...STATE_FIELDS];
  }

  /** A host state from its HMGET reply (without the process list), or null before the first batch. */
  parseState(hostId: string, reply: RedisReply): HostState | null {
    const [ts, l, sys, c, d, seen, skew, cap] = reply as (string | null)[];
    if (ts === null || l === null || c === null) return null;
    return {
      hostId,
      lastSeen: Number(seen),
      latest: JSON.parse(l),
      system: sys === null ? null : JSON.parse(sys),
      counters: JSON.parse(c),
      droppedTotal: Number(d ?? 0),
      clockSkewMs: Number(skew),
      capped: cap === null || cap === undefined ? null : JSON.parse(cap),
    };
  }

  async getHostState(hostId: string): Promise<HostState | null> {
    const [state, snapshot] = await this.port.pipeline([this.stateCommand(hostId), ['HGET', this.keys.state(hostId), 'p']]);
    const parsed = this.parseState(hostId, state);
    if (!parsed) return null;
    return { ...parsed, latest: joinLatest(parsed.latest, snapshot === null ? null : JSON.parse(snapshot as string)) };
  }

  /** One pipeline for the rows, then decoding in slices that give the event loop back (lib/store/cooperate.ts). */
  async readSeries(hostId: string, tierName: TierName, metrics: string[], from: number, to: number, now: number): Promise<SeriesRow[]> {
    if (metrics.length === 0) return [];
    const window = readableWindow(tierName, this.retention, from, to, now);
    if (!window) return [];
    const { tier, from: lo } = window;
    const wanted = new Set(metrics);
    const rows: SeriesRow[] = [];
    const pause = cooperative();
    if (tier.name === 'raw') {
      const chunks: number[] = [];
      for (let t = chunkStart(lo, RAW_CHUNK_MS); t <= to; t += RAW_CHUNK_MS) chunks.push(t);
      const [columnReply, schemaReply, ...texts] = await this.port.pipeline([
        ['HGETALL', this.keys.columns(hostId)],
        ['HGETALL', this.keys.schemas(hostId)],
        ...chunks.map((t) => ['GET', this.keys.raw(hostId, t)]),
      ]);
      const read = rawReader(schemaNames(schemaEntries(schemaReply), columnNames(columnReply)), wanted);
      for (const [i, text] of texts.entries()) {
        if (typeof text !== 'string') continue;
        for (const record of text.split(RECORD_SEPARATOR)) {
          if (!record) continue;
          let decoded: { value: number; rest: string };
          try {
            decoded = decodeFirst(record);
          } catch {
            noteCorrupt('raw record', record);
            continue;
          }
          const t = chunks[i]! + decoded.value;
          if (t < lo || t > to) continue;
          const values = read(decoded.rest);
          if (values) rows.push({ t, values });
          const paused = pause();
          if (paused) await paused;
        }
      }
      return rows.sort((a, b) => a.t - b.t);
    }
    const span = tier.bucketMs * BUCKETS_PER_ROLLUP_KEY;
    const periods: number[] = [];
    for (let p = chunkStart(lo, span); p <= to; p += span) periods.push(p);
    const [columnReply, ...hashes] = await this.port.pipeline([
      ['HGETALL', this.keys.columns(hostId)],
      ...periods.map((p) => ['HGETALL', this.keys.rollup(hostId, tier.name, tier.bucketMs, p)]),
    ]);
    const read = bucketReader(columnNames(columnReply), wanted);
    for (const [i, hash] of hashes.entries()) {
      const entries: [string, string][] = [];
      pairs(hash, (field, text) => entries.push([field, text]));
      for (const [field, text] of entries) {
        const t = periods[i]! + Number(field) * tier.bucketMs;
        if (t < lo || t > to) continue;
        const values = read(text);
        if (values) rows.push({ t, values });
        const paused = pause();
        if (paused) await paused;
      }
    }
    return rows.sort((a, b) => a.t - b.t);
  }

  async listSeriesNames(hostId: string): Promise<string[]> {
    return ((await this.port.call(['HKEYS', this.keys.columns(hostId)])) as string[]).sort();
  }

  async getProcessSnapshot(hostId: string, at: number | undefined, now: number): Promise<ProcessSnapshot | null> {
    const stateKey = this.keys.state(hostId);
    if (at === undefined) {
      const latest = await this.port.call(['HGET', stateKey, 'p']);
      return latest === null ? null : JSON.parse(latest as string);
    }
    const floor = retentionFloor(tierByName('raw', this.retention), now);
    const index = this.keys.snapshotIndex(hostId);
    const [latest, before, after] = await this.port.pipeline([
      ['HGET', stateKey, 'p'],
      ['ZREVRANGEBYSCORE', index, at, floor, 'LIMIT', 0, 1],
      ['ZRANGEBYSCORE', index, Math.max(at, floor), '+inf', 'LIMIT', 0, 1],
    ]);
    if (latest === null) return null;
    const stamps = [...(before as string[]), ...(after as string[])].map(Number);
    const stored = stamps.length === 0 ? [] : await this.port.pipeline(stamps.map((ts) => ['HGET', this.keys.snapshots(hostId, ts), snapshotField(ts)]));
    const candidates = stored.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s) as ProcessSnapshot);
    const newest = JSON.parse(latest as string) as ProcessSnapshot;
    if (newest.ts >= floor) candidates.push(newest);
    return nearestSnapshot(candidates, at);
  }

  async markWatched(hostId: string, untilMs: number): Promise<void> {
    await this.port.call(['SET', this.keys.watch(hostId), String(untilMs), 'PXAT', untilMs]);
  }

  /** Fleet states for the given hosts in one pipeline (headline only: the process list stays out). */
  async states(hostIds: string[]): Promise<Map<string, HostState | null>> {
    if (hostIds.length === 0) return new Map();
    const replies = await this.port.pipeline(hostIds.map((id) => this.stateCommand(id)));
    return new Map(hostIds.map((id, i) => [id, this.parseState(id, replies[i])]));
  }
}

function columnNames(reply: RedisReply): Map<number, string> {
  const names = new Map<number, string>();
  pairs(reply, (name, idx) => names.set(Number(idx), name));
  return names;
}

/** Schema id and columns from the schemas hash: every value is `id;col,col,...` (the field is its key). */
function schemaEntries(reply: RedisReply): [number, number[]][] {
  const out: [number, number[]][] = [];
  pairs(reply, (_field, value) => {
    const [id, cols] = value.split(';');
    out.push([Number(id), cols ? cols.split(',').map(Number) : []]);
  });
  return out;
}

/** The catalog and its version from the script's answer to a stale plan (the three hashes, HGETALL form). */
function catalogFromReplies(columns: RedisReply, schemas: RedisReply, catalog: RedisReply): CachedCatalog {
  const meta = new Map<string, number>();
  pairs(catalog, (field, value) => meta.set(field, Number(value)));
  const cols: [string, number, number | undefined][] = [];
  pairs(columns, (name, idx) => cols.push([name, Number(idx), meta.get(columnSeenField(Number(idx)))]));
  const entries = schemaEntries(schemas).map(([id, c]) => [id, c, meta.get(schemaSeenField(id))] as const);
  return {
    catalog: catalogOf(cols, entries, { column: meta.get('nc'), schema: meta.get('ns') }),
    version: meta.get('v') ?? legacyVersion(cols.length + entries.length > 0),
  };
}

/** Calls `fn(field, value)` for each pair of an HGETALL reply (a flat array over RESP2 and REST). */
export function pairs(reply: RedisReply, fn: (field: string, value: string) => void): void {
  if (!Array.isArray(reply)) return;
  for (let i = 0; i + 1 < reply.length; i += 2) fn(String(reply[i]), String(reply[i + 1]));
}

/** The newest minute slot of the plan's raw samples, or `known` when that is newer (or none is raw). */
function newestRawSlot(plan: IngestPlan, known: number | undefined): number | undefined {
  let slot = known;
  for (const s of plan.samples) if (s.targets.raw && (slot === undefined || snapshotSlot(s.ts) > slot)) slot = snapshotSlot(s.ts);
  return slot;
}
