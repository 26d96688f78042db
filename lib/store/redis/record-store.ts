import 'server-only';
import { randomBytes } from 'node:crypto';
import { HostNameTakenError, StoreConflictError, StoreUnavailableError } from '../errors';
import type { RecordStore } from '../ports';
import { definedOnly, emailKey, hostNameKey } from '../records';
import type { ApiTokenRecord, HostPatch, HostRecord, ShareRecord, UserIdentity, UserPatch, UserRecord } from '../types';
import { BURIED_MS, BURY_AUTH, HOLD_AUTH, SYNC_AUTH } from './host-auth';
import { identityField, LINK_IDENTITY } from './identity-scripts';
import type { RedisKeys } from './keys';
import { pairs } from './metrics';
import type { RedisArg, RedisPort, RedisReply } from './port';
import { CREATE_HOST, DELETE_RECORD, INDEX_HOST_NAMES, UPDATE_HOST, UPDATE_RECORD } from './record-scripts';
import type { ScriptRunner } from './script-runner';
import { CREATE_RECORD, FIND_BY_INDEX } from './scripts';
import { RedisTwoFactor } from './two-factor';
import type { TwoFactorRecord } from '../two-factor-port';

/** Records of one kind in a hash: `id:<id>` holds the JSON; other prefixes hold indexes and counters. */
export function records<T>(reply: RedisReply): { items: T[]; fields: Map<string, string> } {
  const items: T[] = [];
  const fields = new Map<string, string>();
  pairs(reply, (f, v) => {
    if (f.startsWith('id:')) items.push(JSON.parse(v) as T);
    else fields.set(f, v);
  });
  return { items, fields };
}

export const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A patch as UPDATE_RECORD's field, JSON-value pairs: only the fields it sets. */
const patchArgs = (patch: object): string[] => Object.entries(definedOnly(patch)).flatMap(([k, v]) => [k, JSON.stringify(v)]);

/**
 * Records on Redis (over TCP or Upstash REST: the port differs, the layout
 * does not). Every write of a record and its indexes is one script or one
 * HSET/HDEL, so it is atomic; see record-scripts.ts.
 */
export class RedisRecords implements RecordStore {
  private readonly twoFactor: RedisTwoFactor;

  constructor(
    private readonly port: RedisPort,
    private readonly keys: RedisKeys,
    private readonly run: ScriptRunner,
  ) {
    this.twoFactor = new RedisTwoFactor(port, keys.twoFactor, run);
  }

  private async create(key: string, what: string, fields: RedisArg[]): Promise<void> {
    if ((await this.run(CREATE_RECORD, [key], fields)) !== 1) throw new StoreConflictError(`${what} already exists (same id or unique key)`);
  }
  private async getJson<T>(key: string, field: string): Promise<T | null> {
    const v = await this.port.call(['HGET', key, field]);
    return v === null ? null : (JSON.parse(v as string) as T);
  }
  /** One UPDATE_RECORD call for a record without a copy index (hosts have their own script, UPDATE_HOST). */
  private async update<T>(key: string, id: string, patch: object, what: string): Promise<T | null> {
    const args = patchArgs(patch);
    if (args.length === 0) return this.getJson<T>(key, `id:${id}`);
    const [status, json] = (await this.run(UPDATE_RECORD, [key], [id, '', '', ...args])) as [number, string?];
    if (status === -1) throw new StoreConflictError(`${what}: the new unique key belongs to another record`);
    return status === 1 ? (JSON.parse(json!) as T) : null;
  }
  private async remove(key: string, id: string, indexPrefix: string, indexField: string, ...more: string[]): Promise<boolean> {
    return (await this.run(DELETE_RECORD, [key], [id, indexPrefix, indexField, ...more])) === 1;
  }

  // Hosts: `id:<id>` and `tok:<hash>` both hold the record, so the ingest token lookup is one HGET;
  // `nk:<id>` and `name:<key>` keep names unique whatever their case (record-scripts.ts).
  async createHost(h: HostRecord) {
    const json = JSON.stringify(h);
    const status = await this.withNameIndex(() => this.run(CREATE_HOST, [this.keys.hosts()], [h.id, hostNameKey(h.name), json, `tok:${h.tokenHash}`]));
    if (status === -1) throw new HostNameTakenError(h.name);
    if (status !== 1) throw new StoreConflictError(`host ${h.id} already exists (same id or unique key)`);
    await this.syncAuth(h, 1, '');
  }
  /** The host's credentials copied into its own slot for the fused ingest (host-auth.ts); `hold` is this writer's. */
  private async syncAuth(h: HostRecord, version: number, hold: string): Promise<void> {
    await this.run(SYNC_AUTH, [this.keys.auth(h.id)], [version, h.tokenHash, h.disabled ? '1' : '0', JSON.stringify(h), hold]);
  }
  /**
   * Runs a host script that answers -2 ({-2}) while the store has no name index (written before names were
   * unique): builds it once, then runs the script again. A few tries, as INDEX_HOST_NAMES refuses a list
   * of hosts that changed while it was read.
   */
  private async withNameIndex(call: () => Promise<RedisReply>): Promise<RedisReply> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const reply = await call();
      if (reply !== -2 && !(Array.isArray(reply) && reply[0] === -2)) return reply;
      const hosts = records<HostRecord>(await this.port.call(['HGETALL', this.keys.hosts()])).items;
      await this.run(INDEX_HOST_NAMES, [this.keys.hosts()], hosts.flatMap((x) => [x.id, x.name, hostNameKey(x.name)]));
    }
    throw new StoreUnavailableError('the host name index could not be built: hosts kept changing while it was read');
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
    const args = patchArgs(patch);
    if (args.length === 0) return this.getHost(id);
    const key = patch.name === undefined ? '' : hostNameKey(patch.name);
    // Every change holds the copy first, so it binds at once (a new token, `disabled`) and a process dying before the
    // copy follows leaves the fused ingest asking the record, never trusting an old token or stale tags.
    const hold = randomBytes(9).toString('base64url');
    await this.run(HOLD_AUTH, [this.keys.auth(id)], [hold]);
    const [status, json, version] = (await this.withNameIndex(() => this.run(UPDATE_HOST, [this.keys.hosts()], [id, 'tok:', 'tokenHash', key, ...args]))) as [number, string?, number?];
    if (status !== 1) await this.run(SYNC_AUTH, [this.keys.auth(id)], [0, '', '', '', hold]); // nothing changed: release the hold
    if (status === -3) throw new HostNameTakenError(patch.name!);
    if (status === -1) throw new StoreConflictError(`host ${id}: the new unique key belongs to another record`);
    if (status !== 1) return null;
    const host = JSON.parse(json!) as HostRecord;
    await this.syncAuth(host, Number(version), hold);
    return host;
  }
  async deleteHost(id: string) {
    await this.run(BURY_AUTH, [this.keys.auth(id)], [BURIED_MS]);
    return this.remove(this.keys.hosts(), id, 'tok:', 'tokenHash', 'av:');
  }

  // Users: `id:<id>` -> record, `email:<lowercase>` -> id.
  // Single sign-on identities: `idn:<provider>\n<subject>` -> id (identity-scripts.ts).
  async createUser(u: UserRecord) {
    const identities = (u.identities ?? []).flatMap((i) => [identityField(i.provider, i.subject), u.id]);
    await this.create(this.keys.users(), `user ${u.id}`, [`id:${u.id}`, JSON.stringify(u), `email:${emailKey(u.email)}`, u.id, ...identities]);
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
  updateUser(id: string, patch: UserPatch) {
    return this.update<UserRecord>(this.keys.users(), id, patch, `user ${id}`);
  }
  async deleteUser(id: string) {
    // The email never changes (UserPatch has none), so the index read here is still the record's when the HDEL runs.
    const user = await this.getUser(id);
    if (!user) return false;
    // An identity linked between the read and the HDEL leaves an index to a missing record, which counts as free.
    const identities = (user.identities ?? []).map((i) => identityField(i.provider, i.subject));
    return (await this.port.call(['HDEL', this.keys.users(), `id:${id}`, `email:${emailKey(user.email)}`, ...identities])) !== 0;
  }
  async findUserByIdentity(provider: string, subject: string) {
    const r = (await this.run(FIND_BY_INDEX, [this.keys.users()], [identityField(provider, subject), 'id:'])) as (string | null)[] | null;
    return r?.[0] ? (JSON.parse(r[0]) as UserRecord) : null;
  }
  async linkUserIdentity(userId: string, identity: UserIdentity) {
    const field = identityField(identity.provider, identity.subject);
    const [status, json] = (await this.run(LINK_IDENTITY, [this.keys.users()], [userId, field, JSON.stringify(identity)])) as [number, string?];
    if (status === -1) throw new StoreConflictError(`identity ${identity.provider} is linked to another user`);
    return status === 1 ? (JSON.parse(json!) as UserRecord) : null;
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
  deleteApiToken(id: string) {
    return this.remove(this.keys.apiTokens(), id, 'h:', 'tokenHash', 'used:');
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
  deleteShare(id: string) {
    return this.remove(this.keys.shares(), id, 'h:', 'tokenHash', 'vl:', 'vc:');
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

  getTwoFactor(userId: string) {
    return this.twoFactor.getTwoFactor(userId);
  }
  getTwoFactors(userIds: string[]) {
    return this.twoFactor.getTwoFactors(userIds);
  }
  putTwoFactor(record: TwoFactorRecord) {
    return this.twoFactor.putTwoFactor(record);
  }
  deleteTwoFactor(userId: string) {
    return this.twoFactor.deleteTwoFactor(userId);
  }
  claimTotpStep(userId: string, step: number) {
    return this.twoFactor.claimTotpStep(userId, step);
  }
  useRecoveryCode(userId: string, codeHash: string) {
    return this.twoFactor.useRecoveryCode(userId, codeHash);
  }
}

function withUse(t: ApiTokenRecord, used: string | null | undefined): ApiTokenRecord {
  return used ? { ...t, lastUsedAt: Number(used) } : t;
}

function withViews(s: ShareRecord, last: string | null | undefined, count: string | null | undefined): ShareRecord {
  return { ...s, lastViewedAt: last ? Number(last) : s.lastViewedAt, viewCount: s.viewCount + Number(count ?? 0) };
}
