import 'server-only';
import { readableWindow, retentionFloor, tierByName } from '@/lib/metrics/rollup';
import type { Retention } from '@/lib/metrics/tiers';
import { decodeFirst, RECORD_SEPARATOR } from '../codec';
import { decodeBucket, decodeRaw, nearestSnapshot } from '../decode';
import { joinLatest } from '../state';
import type { HostRecord, HostState, IngestBatch, IngestResult, ProcessSnapshot, SeriesRow, TierName } from '../types';
import { ingestPlan, snapshotField } from './ingest-plan';
import { BUCKETS_PER_ROLLUP_KEY, chunkStart, RAW_CHUNK_MS, type RedisKeys } from './keys';
import type { RedisPort, RedisReply } from './port';
import { INGEST } from './scripts';
import type { ScriptRunner } from './script-runner';

const STATE_FIELDS = ['ts', 'l', 'sys', 'c', 'd', 'seen', 'skew'] as const;

/** Series, latest state, process snapshots and watch marks on Redis. */
export class RedisMetrics {
  constructor(
    private readonly port: RedisPort,
    private readonly keys: RedisKeys,
    private readonly retention: Retention,
    private readonly run: ScriptRunner,
  ) {}

  /** One EVALSHA: dedup, raw append, rollups, snapshots, state and the watch mark, atomically. */
  async ingest(hostId: string, batch: IngestBatch, now: number): Promise<IngestResult> {
    const plan = ingestPlan(this.keys, hostId, batch, now, this.retention);
    const [accepted, duplicates, watched] = (await this.run(INGEST, plan.keys, plan.args)) as number[];
    return { accepted: accepted + plan.tooOld, duplicates, watchedUntil: watched > 0 ? watched : null };
  }

  stateCommand(hostId: string) {
    return ['HMGET', this.keys.state(hostId), ...STATE_FIELDS];
  }

  /** A host state from its HMGET reply (without the process list), or null before the first batch. */
  parseState(hostId: string, reply: RedisReply): HostState | null {
    const [ts, l, sys, c, d, seen, skew] = reply as (string | null)[];
    if (ts === null || l === null || c === null) return null;
    return {
      hostId,
      lastSeen: Number(seen),
      latest: JSON.parse(l),
      system: sys === null ? null : JSON.parse(sys),
      counters: JSON.parse(c),
      droppedTotal: Number(d ?? 0),
      clockSkewMs: Number(skew),
    };
  }

  async getHostState(hostId: string): Promise<HostState | null> {
    const [state, snapshot] = await this.port.pipeline([this.stateCommand(hostId), ['HGET', this.keys.state(hostId), 'p']]);
    const parsed = this.parseState(hostId, state);
    if (!parsed) return null;
    return { ...parsed, latest: joinLatest(parsed.latest, snapshot === null ? null : JSON.parse(snapshot as string)) };
  }

  async readSeries(hostId: string, tierName: TierName, metrics: string[], from: number, to: number, now: number): Promise<SeriesRow[]> {
    if (metrics.length === 0) return [];
    const window = readableWindow(tierName, this.retention, from, to, now);
    if (!window) return [];
    const { tier, from: lo } = window;
    const wanted = new Set(metrics);
    const rows: SeriesRow[] = [];
    if (tier.name === 'raw') {
      const chunks: number[] = [];
      for (let t = chunkStart(lo, RAW_CHUNK_MS); t <= to; t += RAW_CHUNK_MS) chunks.push(t);
      const [schemaReply, ...texts] = await this.port.pipeline([
        ['HGETALL', this.keys.schemas(hostId)],
        ...chunks.map((t) => ['GET', this.keys.raw(hostId, t)]),
      ]);
      const schemas = new Map<number, string[]>();
      pairs(schemaReply, (names, value) => schemas.set(Number(value.split(';')[0]), JSON.parse(names)));
      texts.forEach((text, i) => {
        if (typeof text !== 'string') return;
        for (const record of text.split(RECORD_SEPARATOR)) {
          if (!record) continue;
          const { value: offset, rest } = decodeFirst(record);
          const t = chunks[i] + offset;
          if (t < lo || t > to) continue;
          const values = decodeRaw(rest, schemas, wanted);
          if (values) rows.push({ t, values });
        }
      });
      return rows.sort((a, b) => a.t - b.t);
    }
    const span = tier.bucketMs * BUCKETS_PER_ROLLUP_KEY;
    const periods: number[] = [];
    for (let p = chunkStart(lo, span); p <= to; p += span) periods.push(p);
    const [columnReply, ...hashes] = await this.port.pipeline([
      ['HGETALL', this.keys.columns(hostId)],
      ...periods.map((p) => ['HGETALL', this.keys.rollup(hostId, tier.name, tier.bucketMs, p)]),
    ]);
    const names = new Map<number, string>();
    pairs(columnReply, (name, idx) => names.set(Number(idx), name));
    hashes.forEach((hash, i) =>
      pairs(hash, (field, text) => {
        const t = periods[i] + Number(field) * tier.bucketMs;
        if (t < lo || t > to) return;
        const values = decodeBucket(text, names, wanted);
        if (values) rows.push({ t, values });
      }),
    );
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
  async states(hosts: HostRecord[]): Promise<Map<string, HostState | null>> {
    if (hosts.length === 0) return new Map();
    const replies = await this.port.pipeline(hosts.map((h) => this.stateCommand(h.id)));
    return new Map(hosts.map((h, i) => [h.id, this.parseState(h.id, replies[i])]));
  }
}

/** Calls `fn(field, value)` for each pair of an HGETALL reply (a flat array over RESP2 and REST). */
export function pairs(reply: RedisReply, fn: (field: string, value: string) => void): void {
  if (!Array.isArray(reply)) return;
  for (let i = 0; i + 1 < reply.length; i += 2) fn(String(reply[i]), String(reply[i + 1]));
}

