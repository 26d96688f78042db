import 'server-only';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import type { CounterStore, SeriesStore } from '../ports';
import type { FleetEntry, HostRecord, HostState, IngestBatch, RateLimitHit, TierName } from '../types';
import type { RedisKeys } from './keys';
import { RedisMetrics } from './metrics';
import type { RedisPort } from './port';
import { byCreation, records } from './record-store';
import type { ScriptRunner } from './script-runner';
import { RATE_LIMIT } from './scripts';

/** How long a deleted host's mark outlives it: far longer than any request in flight. */
const GONE_MARK_MS = 24 * 3_600_000;

/** Series, state and snapshots on Redis: every key of a host carries its hash tag (keys.ts); the work is in metrics.ts. */
export class RedisSeries implements SeriesStore {
  readonly metrics: RedisMetrics;

  constructor(
    private readonly port: RedisPort,
    private readonly keys: RedisKeys,
    private readonly retention: Retention,
    run: ScriptRunner,
    limits?: SeriesLimits,
  ) {
    this.metrics = new RedisMetrics(port, keys, retention, run, limits);
  }

  ingest(hostId: string, batch: IngestBatch, receivedAt: number) {
    return this.metrics.ingest(hostId, batch, receivedAt);
  }
  getHostState(hostId: string) {
    return this.metrics.getHostState(hostId);
  }
  getFleetStates(hostIds: string[]): Promise<Map<string, HostState | null>> {
    return this.metrics.states(hostIds);
  }
  readSeries(hostId: string, tier: TierName, metrics: string[], from: number, to: number, now: number) {
    return this.metrics.readSeries(hostId, tier, metrics, from, to, now);
  }
  listSeriesNames(hostId: string) {
    return this.metrics.listSeriesNames(hostId);
  }
  getProcessSnapshot(hostId: string, at: number | undefined, now: number) {
    return this.metrics.getProcessSnapshot(hostId, at, now);
  }
  /**
   * One UNLINK of every key the host can have at `now` (names are computable from time: no SCAN), then a
   * mark the ingest script checks, so a batch already past the token lookup cannot recreate them.
   */
  async deleteHostSeries(hostId: string, now: number) {
    await this.port.transaction([
      ['UNLINK', ...this.keys.allOfHost(hostId, this.retention, now)],
      ['SET', this.keys.gone(hostId), '1', 'PX', GONE_MARK_MS],
    ]);
    this.metrics.forget(hostId);
  }
}

/** Rate limits in their own keys; the watch mark in the host's slot, where the ingest script reads it in the same call. */
export class RedisCounters implements CounterStore {
  constructor(
    private readonly port: RedisPort,
    private readonly keys: RedisKeys,
    private readonly run: ScriptRunner,
    private readonly series: RedisSeries,
  ) {}

  async hitRateLimit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
    const start = now - (now % windowMs);
    const count = await this.run(RATE_LIMIT, [this.keys.rateLimit(key)], [String(start), start + windowMs - now]);
    return { count: Number(count), resetAt: start + windowMs };
  }
  async resetRateLimit(key: string) {
    await this.port.call(['DEL', this.keys.rateLimit(key)]);
  }
  markWatched(hostId: string, untilMs: number) {
    return this.series.metrics.markWatched(hostId, untilMs);
  }
}

/**
 * The fleet when records and series are on the same Redis: the host hash and
 * the states of the hosts the previous read saw go in one pipeline, so the
 * steady state is one round trip (one request on Upstash); hosts added since
 * cost a second pipeline once.
 */
export function redisFleet(port: RedisPort, keys: RedisKeys, series: RedisSeries): () => Promise<FleetEntry[]> {
  let knownIds: string[] = [];
  return async () => {
    const [hostsReply, ...stateReplies] = await port.pipeline([['HGETALL', keys.hosts()], ...knownIds.map((id) => series.metrics.stateCommand(id))]);
    const hosts = records<HostRecord>(hostsReply).items.sort(byCreation);
    const states = new Map<string, HostState | null>(knownIds.map((id, i) => [id, series.metrics.parseState(id, stateReplies[i])]));
    const missing = hosts.filter((h) => !states.has(h.id)).map((h) => h.id);
    for (const [id, state] of await series.getFleetStates(missing)) states.set(id, state);
    knownIds = hosts.map((h) => h.id);
    return hosts.map((host) => ({ host, state: states.get(host.id) ?? null }));
  };
}
