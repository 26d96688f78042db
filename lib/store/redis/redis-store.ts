import 'server-only';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { StoreConflictError } from '../errors';
import { definedOnly, emailKey } from '../records';
import type {
  ApiTokenRecord, HostPatch, HostRecord, HostState, IngestBatch, RateLimitHit, ShareRecord, Store, StoreKind, TierName, UserPatch, UserRecord,
} from '../types';
import { RedisKeys } from './keys';
import { pairs, RedisMetrics } from './metrics';
import type { RedisArg, RedisPort, RedisReply } from './port';
import { scriptRunner, type ScriptRunner } from './script-runner';
import { CREATE_RECORD, FIND_BY_INDEX, RATE_LIMIT } from './scripts';

/** Records of one kind in a hash: `id:<id>` holds the JSON; other prefixes hold indexes and counters. */
function records<T>(reply: RedisReply): { items: T[]; fields: Map<string, string> } {
  const items: T[] = [];
  const fields = new Map<string, string>();
  pairs(reply, (f, v) => {
    if (f.startsWith('id:')) items.push(JSON.parse(v) as T);
    else fields.set(f, v);
  });
  return { items, fields };
}

const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The Redis backend, shared by Redis over TCP and Upstash REST (the port
 * differs, the layout does not). See keys.ts for the layout and scripts.ts for
 * what runs atomically.
 */
export class RedisStore implements Store {
  private readonly keys: RedisKeys;
  private readonly run: ScriptRunner;
  private readonly metrics: RedisMetrics;
  /** Host ids seen by the last fleet read: lets the next one fetch the host list and every state in one pipeline. */
  private fleetIds: string[] = [];

  constructor(
    readonly kind: Extract<StoreKind, 'redis' | 'upstash'>,
    private readonly port: RedisPort,
    private readonly retention: Retention,
    prefix = 'hw:',
    limits?: SeriesLimits,
  ) {
    this.keys = new RedisKeys(prefix);
    this.run = scriptRunner(port);
    this.metrics = new RedisMetrics(port, this.keys, retention, this.run, limits);
  }

  async ping() {
    await this.port.call(['PING']);
  }
  close() {
    return this.port.close();
  }

  private async create(key: string, what: string, fields: RedisArg[]): Promise<void> {
    if ((await this.run(CREATE_RECORD, [key], fields)) !== 1) throw new StoreConflictError(`${what} already exists (same id or unique key)`);
  }
  private async getJson<T>(key: string, field: string): Promise<T | null> {
    const v = await this.port.call(['HGET', key, field]);
    return v === null ? null : (JSON.parse(v as string) as T);
  }

  // Hosts: `id:<id>` and `tok:<hash>` both hold the record, so the ingest token lookup is one HGET.
  async createHost(h: HostRecord) {
    const json = JSON.stringify(h);
    await this.create(this.keys.hosts(), `host ${h.id}`, [`id:${h.id}`, json, `tok:${h.tokenHash}`, json]);
  }
  getHost(id: string) {
    return this.getJson<HostRecord>(this.keys.hosts(), `id:${id}`);
  }
  findHostByTokenHash(hash: string) {
    return this.getJson<HostRecord>(this.keys.hosts(), `tok:${hash}`);
  }
  async listHosts() {
    return records<HostRecord>(await this.port.call(['HGETALL', this.keys.hosts()])).items.sort(byCreation);
  }
  async updateHost(id: string, patch: HostPatch) {
    const current = await this.getHost(id);
    if (!current) return null;
    const next = { ...current, ...definedOnly(patch) };
    const json = JSON.stringify(next);
    const key = this.keys.hosts();
    const cmds: RedisArg[][] = [['HSET', key, `id:${id}`, json, `tok:${next.tokenHash}`, json]];
    if (next.tokenHash !== current.tokenHash) cmds.push(['HDEL', key, `tok:${current.tokenHash}`]);
    await this.port.transaction(cmds);
    return next;
  }
  async deleteHost(id: string) {
    const [host, shares] = await this.port.pipeline([['HGET', this.keys.hosts(), `id:${id}`], ['HGETALL', this.keys.shares()]]);
    const cmds: RedisArg[][] = [['UNLINK', ...this.keys.allOfHost(id, this.retention, Date.now())]];
    for (const s of records<ShareRecord>(shares).items.filter((s) => s.hostId === id)) cmds.push(['HDEL', this.keys.shares(), ...shareFields(s)]);
    if (host !== null) cmds.push(['HDEL', this.keys.hosts(), `id:${id}`, `tok:${(JSON.parse(host as string) as HostRecord).tokenHash}`]);
    await this.port.pipeline(cmds);
    return host !== null;
  }

  // Metrics
  ingest(hostId: string, batch: IngestBatch, receivedAt: number) {
    return this.metrics.ingest(hostId, batch, receivedAt);
  }
  getHostState(hostId: string) {
    return this.metrics.getHostState(hostId);
  }
  async getFleet() {
    const [hostsReply, ...stateReplies] = await this.port.pipeline([
      ['HGETALL', this.keys.hosts()],
      ...this.fleetIds.map((id) => this.metrics.stateCommand(id)),
    ]);
    const hosts = records<HostRecord>(hostsReply).items.sort(byCreation);
    const states = new Map<string, HostState | null>(this.fleetIds.map((id, i) => [id, this.metrics.parseState(id, stateReplies[i])]));
    const missing = hosts.filter((h) => !states.has(h.id));
    for (const [id, state] of await this.metrics.states(missing)) states.set(id, state);
    this.fleetIds = hosts.map((h) => h.id);
    return hosts.map((host) => ({ host, state: states.get(host.id) ?? null }));
  }
  readSeries(hostId: string, tier: TierName, metrics: string[], from: number, to: number) {
    return this.metrics.readSeries(hostId, tier, metrics, from, to);
  }
  listSeriesNames(hostId: string) {
    return this.metrics.listSeriesNames(hostId);
  }
  getProcessSnapshot(hostId: string, at?: number) {
    return this.metrics.getProcessSnapshot(hostId, at);
  }
  markWatched(hostId: string, untilMs: number) {
    return this.metrics.markWatched(hostId, untilMs);
  }

  // Users: `id:<id>` -> record, `email:<lowercase>` -> id.
  async createUser(u: UserRecord) {
    await this.create(this.keys.users(), `user ${u.id}`, [`id:${u.id}`, JSON.stringify(u), `email:${emailKey(u.email)}`, u.id]);
  }
  getUser(id: string) {
    return this.getJson<UserRecord>(this.keys.users(), `id:${id}`);
  }
  async getUserByEmail(email: string) {
    const r = (await this.run(FIND_BY_INDEX, [this.keys.users()], [`email:${emailKey(email)}`, 'id:'])) as (string | null)[] | null;
    return r?.[0] ? (JSON.parse(r[0]) as UserRecord) : null;
  }
  async listUsers() {
    return records<UserRecord>(await this.port.call(['HGETALL', this.keys.users()])).items.sort(byCreation);
  }
  async updateUser(id: string, patch: UserPatch) {
    const current = await this.getUser(id);
    if (!current) return null;
    const next = { ...current, ...definedOnly(patch) };
    await this.port.call(['HSET', this.keys.users(), `id:${id}`, JSON.stringify(next)]);
    return next;
  }
  async deleteUser(id: string) {
    const user = await this.getUser(id);
    for (const t of await this.listApiTokens(id)) await this.deleteApiToken(t.id);
    if (!user) return false;
    await this.port.call(['HDEL', this.keys.users(), `id:${id}`, `email:${emailKey(user.email)}`]);
    return true;
  }

  // API tokens: `id:<id>` -> record, `h:<hash>` -> id, `used:<id>` -> last use.
  async createApiToken(t: ApiTokenRecord) {
    await this.create(this.keys.apiTokens(), `API token ${t.id}`, [`id:${t.id}`, JSON.stringify(t), `h:${t.tokenHash}`, t.id]);
  }
  async findApiTokenByHash(hash: string) {
    const r = (await this.run(FIND_BY_INDEX, [this.keys.apiTokens()], [`h:${hash}`, 'id:', 'used:'])) as (string | null)[] | null;
    return r?.[0] ? withUse(JSON.parse(r[0]) as ApiTokenRecord, r[1]) : null;
  }
  async listApiTokens(userId?: string) {
    const { items, fields } = records<ApiTokenRecord>(await this.port.call(['HGETALL', this.keys.apiTokens()]));
    return items
      .filter((t) => userId === undefined || t.userId === userId)
      .map((t) => withUse(t, fields.get(`used:${t.id}`)))
      .sort(byCreation);
  }
  async touchApiToken(id: string, at: number) {
    await this.port.call(['HSET', this.keys.apiTokens(), `used:${id}`, String(at)]);
  }
  async deleteApiToken(id: string) {
    const t = await this.getJson<ApiTokenRecord>(this.keys.apiTokens(), `id:${id}`);
    if (!t) return false;
    await this.port.call(['HDEL', this.keys.apiTokens(), `id:${id}`, `h:${t.tokenHash}`, `used:${id}`]);
    return true;
  }

  // Share links: `id:<id>` -> record, `h:<hash>` -> id, `vl:<id>` last view, `vc:<id>` view count.
  async createShare(s: ShareRecord) {
    await this.create(this.keys.shares(), `share ${s.id}`, [`id:${s.id}`, JSON.stringify(s), `h:${s.tokenHash}`, s.id]);
  }
  async findShareByHash(hash: string) {
    const r = (await this.run(FIND_BY_INDEX, [this.keys.shares()], [`h:${hash}`, 'id:', 'vl:', 'vc:'])) as (string | null)[] | null;
    return r?.[0] ? withViews(JSON.parse(r[0]) as ShareRecord, r[1], r[2]) : null;
  }
  async listShares(hostId?: string) {
    const { items, fields } = records<ShareRecord>(await this.port.call(['HGETALL', this.keys.shares()]));
    return items
      .filter((s) => hostId === undefined || s.hostId === hostId)
      .map((s) => withViews(s, fields.get(`vl:${s.id}`), fields.get(`vc:${s.id}`)))
      .sort(byCreation);
  }
  async recordShareView(id: string, at: number) {
    await this.port.transaction([
      ['HSET', this.keys.shares(), `vl:${id}`, String(at)],
      ['HINCRBY', this.keys.shares(), `vc:${id}`, 1],
    ]);
  }
  async deleteShare(id: string) {
    const s = await this.getJson<ShareRecord>(this.keys.shares(), `id:${id}`);
    if (!s) return false;
    await this.port.call(['HDEL', this.keys.shares(), ...shareFields(s)]);
    return true;
  }

  async hitRateLimit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
    const start = now - (now % windowMs);
    const count = await this.run(RATE_LIMIT, [this.keys.rateLimit(key)], [String(start), start + windowMs - now]);
    return { count: Number(count), resetAt: start + windowMs };
  }
  async resetRateLimit(key: string) {
    await this.port.call(['DEL', this.keys.rateLimit(key)]);
  }

  async getMeta(key: string) {
    return (await this.port.call(['HGET', this.keys.meta(), key])) as string | null;
  }
  async setMeta(key: string, value: string) {
    await this.port.call(['HSET', this.keys.meta(), key, value]);
  }
  async setMetaIfAbsent(key: string, value: string) {
    return (await this.port.call(['HSETNX', this.keys.meta(), key, value])) === 1;
  }
}

const shareFields = (s: ShareRecord) => [`id:${s.id}`, `h:${s.tokenHash}`, `vl:${s.id}`, `vc:${s.id}`];

function withUse(t: ApiTokenRecord, used: string | null | undefined): ApiTokenRecord {
  return used ? { ...t, lastUsedAt: Number(used) } : t;
}

function withViews(s: ShareRecord, last: string | null | undefined, count: string | null | undefined): ShareRecord {
  return { ...s, lastViewedAt: last ? Number(last) : s.lastViewedAt, viewCount: s.viewCount + Number(count ?? 0) };
}
