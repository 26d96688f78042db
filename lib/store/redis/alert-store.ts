import 'server-only';
import type { AlertRule, AlertState, Channel, Delivery, DeliveryAttempt, MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import { EVENT_RETENTION_MS, type AlertCommit, type AlertStore, type CommitResult, type EventFilter } from '../alert-port';
import {
  byCreation, byStateKey, checkClaim, checkCommit, checkCount, checked, checkFilter, checkFinish, checkLease, isId, MAX_CLAIM, readAll, readStored,
  readValue, type AlertLimits, type FinishNext,
} from '../alert-records';
import { StoreConflictError } from '../errors';
import type { AlertKeys } from './keys';
import { pairs } from './metrics';
import type { RedisArg, RedisPort, RedisReply } from './port';
import type { ScriptRunner } from './script-runner';
import {
  ACQUIRE_LEASE, CLAIM_DELIVERIES, COMMIT, DELETE_HOST_STATES, DELETE_RULE_STATES, FINISH_DELIVERY, LIST_EVENTS, LIST_QUEUED, LIST_STATES, REPLACE_RECORD,
} from './alert-scripts';

type ConfigKind = 'rule' | 'channel' | 'window' | 'silence';

const values = (reply: RedisReply): string[] => {
  const out: string[] = [];
  pairs(reply, (_f, v) => out.push(v));
  return out;
};
const score = (t: number) => (t === Number.NEGATIVE_INFINITY ? '-inf' : t === Number.POSITIVE_INFINITY ? '+inf' : String(t));
const byDue = (a: Delivery, b: Delivery) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A delivery from its hash fields (json as committed, then the fields that change). */
function delivery(fields: RedisReply): Delivery | null {
  const [json, status, attempts, dueAt, leaseUntil] = (Array.isArray(fields) ? fields : []) as (string | null)[];
  let base: unknown;
  try {
    base = JSON.parse(json ?? '');
  } catch {
    return readValue('delivery', null, String(json));
  }
  const mutable = { status, attempts: Number(attempts), dueAt: Number(dueAt), leaseUntil: leaseUntil ? Number(leaseUntil) : null };
  return readValue('delivery', typeof base === 'object' && base !== null ? { ...base, ...mutable } : null, String(json));
}

/**
 * The alert store on Redis (TCP or Upstash REST): the layout is keys.ts
 * alertKeys, every key under one hash tag; the multi-key writes are the Lua
 * scripts of alert-scripts.ts, so a commit (versions checked, then states,
 * events, deliveries and trimming) and a claim are each one atomic round trip.
 */
export class RedisAlerts implements AlertStore {
  private readonly hashes: Record<ConfigKind, string>;

  constructor(
    private readonly port: RedisPort,
    private readonly k: AlertKeys,
    private readonly run: ScriptRunner,
    private readonly limits: AlertLimits,
  ) {
    this.hashes = { rule: k.rules, channel: k.channels, window: k.windows, silence: k.silences };
  }

  private async create(kind: ConfigKind, value: unknown): Promise<void> {
    const r = checked(kind, value);
    if ((await this.port.call(['HSETNX', this.hashes[kind], r.id, JSON.stringify(r)])) !== 1) throw new StoreConflictError(`alert ${kind} ${r.id} already exists`);
  }
  private async get(kind: ConfigKind, id: string) {
    if (!isId(id)) return null;
    const v = await this.port.call(['HGET', this.hashes[kind], id]);
    return v === null ? null : readStored(kind, v);
  }
  private async list<K extends ConfigKind>(kind: K) {
    return readAll(kind, values(await this.port.call(['HGETALL', this.hashes[kind]]))).sort(byCreation);
  }
  private async replace<K extends ConfigKind>(kind: K, value: unknown) {
    const r = checked(kind, value);
    return (await this.run(REPLACE_RECORD, [this.hashes[kind]], [r.id, JSON.stringify(r)])) === 1 ? r : null;
  }
  private async remove(kind: ConfigKind, id: string) {
    return isId(id) && (await this.port.call(['HDEL', this.hashes[kind], id])) === 1;
  }

  createRule(rule: AlertRule) {
    return this.create('rule', rule);
  }
  getRule(id: string) {
    return this.get('rule', id) as Promise<AlertRule | null>;
  }
  listRules() {
    return this.list('rule');
  }
  updateRule(rule: AlertRule) {
    return this.replace('rule', rule);
  }
  deleteRule(id: string) {
    return this.remove('rule', id);
  }

  createChannel(channel: Channel) {
    return this.create('channel', channel);
  }
  getChannel(id: string) {
    return this.get('channel', id) as Promise<Channel | null>;
  }
  listChannels() {
    return this.list('channel');
  }
  updateChannel(channel: Channel) {
    return this.replace('channel', channel);
  }
  /** The channel and its delivery log, in one MULTI. */
  async deleteChannel(id: string) {
    if (!isId(id)) return false;
    const [removed] = await this.port.transaction([
      ['HDEL', this.k.channels, id],
      ['DEL', this.k.log(id)],
    ]);
    return removed === 1;
  }

  createWindow(window: MaintenanceWindow) {
    return this.create('window', window);
  }
  listWindows() {
    return this.list('window');
  }
  deleteWindow(id: string) {
    return this.remove('window', id);
  }

  createSilence(silence: Silence) {
    return this.create('silence', silence);
  }
  listSilences() {
    return this.list('silence');
  }
  deleteSilence(id: string) {
    return this.remove('silence', id);
  }

  async getHostStates(hostId: string): Promise<AlertState[]> {
    if (!isId(hostId)) return [];
    return readAll('state', values(await this.port.call(['HGETALL', this.k.states(hostId)]))).sort(byStateKey);
  }
  async listStates(filter: { hostId?: string; ruleId?: string } = {}): Promise<AlertState[]> {
    const { hostId = '', ruleId = '' } = filter;
    if ((filter.hostId !== undefined && !isId(hostId)) || (filter.ruleId !== undefined && !isId(ruleId))) return [];
    const reply = (await this.run(LIST_STATES, [this.k.stateHosts], [this.k.base, hostId, ruleId])) as RedisReply[];
    return readAll('state', reply).sort(byStateKey);
  }

  async commit(change: AlertCommit): Promise<CommitResult> {
    const c = checkCommit(change);
    const args: RedisArg[] = [this.k.base, String(c.now - EVENT_RETENTION_MS), this.limits.maxEvents, c.states.length, c.events.length, c.deliveries.length];
    for (const s of c.states) args.push(s.hostId, s.key, s.ruleId, s.expectedVersion === null ? '' : String(s.expectedVersion), s.state ? JSON.stringify(s.state) : '');
    for (const e of c.events) args.push(e.id, String(e.at), e.hostId, e.ruleId, e.severity, JSON.stringify(e));
    for (const d of c.deliveries) {
      const claimable = d.status === 'queued' ? Math.max(d.dueAt, d.leaseUntil ?? d.dueAt) : d.createdAt;
      args.push(d.id, JSON.stringify(d), d.status, String(d.attempts), String(d.dueAt), d.leaseUntil === null ? '' : String(d.leaseUntil), String(claimable));
    }
    const keys = [this.k.stateHosts, this.k.events, this.k.eventTags, this.k.eventTimes, this.k.due, this.k.done];
    const [status, ...conflicts] = (await this.run(COMMIT, keys, args)) as RedisReply[];
    return status === 1 ? { ok: true } : { ok: false, conflicts: conflicts.map(String) };
  }
  async deleteStatesOfRule(ruleId: string) {
    if (isId(ruleId)) await this.run(DELETE_RULE_STATES, [this.k.stateHosts], [this.k.base, ruleId]);
  }
  async deleteStatesOfHost(hostId: string) {
    if (isId(hostId)) await this.run(DELETE_HOST_STATES, [this.k.stateHosts], [this.k.base, hostId]);
  }

  async getEvent(id: string) {
    if (!isId(id)) return null;
    const v = await this.port.call(['HGET', this.k.events, id]);
    return v === null ? null : readStored('event', v);
  }
  async listEvents(filter: EventFilter) {
    const f = checkFilter(filter);
    if (!f) return [];
    const args = [this.k.base, f.hostId ?? '', f.ruleId ?? '', f.severity ?? '', score(f.from), score(f.to), f.limit];
    return readAll('event', (await this.run(LIST_EVENTS, [this.k.events, this.k.eventTags, this.k.eventTimes], args)) as RedisReply[]);
  }

  async claimDeliveries(now: number, leaseMs: number, limit: number) {
    const c = checkClaim(now, leaseMs, limit);
    const reply = (await this.run(CLAIM_DELIVERIES, [this.k.due], [this.k.base, String(c.now), String(c.until), c.limit])) as RedisReply[];
    return reply.map(delivery).filter((d): d is Delivery => d !== null).sort(byDue);
  }
  async finishDelivery(id: string, attempt: DeliveryAttempt, next: FinishNext) {
    const f = checkFinish(id, attempt, next);
    const at = f.next.status === 'queued' ? f.next.dueAt : f.attempt.at;
    await this.run(FINISH_DELIVERY, [this.k.due, this.k.done], [
      this.k.base, f.id, f.attempt.channelId, JSON.stringify(f.attempt), this.limits.maxLogPerChannel, f.next.status, String(at),
      String(f.attempt.at - EVENT_RETENTION_MS), this.limits.maxFinishedDeliveries,
    ]);
  }
  async listQueuedDeliveries() {
    const replies = (await this.run(LIST_QUEUED, [this.k.due], [this.k.base])) as RedisReply[];
    return replies.map(delivery).filter((d): d is Delivery => d !== null).sort(byDue);
  }
  async listDeliveryLog(channelId: string, limit: number) {
    const n = checkCount(limit, 'limit', MAX_CLAIM);
    if (!isId(channelId)) return [];
    return readAll('attempt', (await this.port.call(['LRANGE', this.k.log(channelId), 0, n - 1])) as RedisReply[]);
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: number) {
    const l = checkLease(name, owner, ttlMs, now);
    return (await this.run(ACQUIRE_LEASE, [this.k.lease(l.name)], [l.owner, String(l.now), String(l.until)])) === 1;
  }
}
