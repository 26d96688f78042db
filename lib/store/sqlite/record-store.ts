import 'server-only';
import type Database from 'better-sqlite3';
import { HostNameTakenError } from '../errors';
import type { RecordStore } from '../ports';
import { hostNameKey } from '../records';
import type { ApiTokenRecord, HostPatch, HostRecord, ShareRecord, UserIdentity, UserPatch, UserRecord } from '../types';
import type { TwoFactorRecord } from '../two-factor-port';
import type { SqliteAccounts } from './accounts';
import { SqliteIdentities } from './identities';
import { guarded, toHost } from './db';
import { SqliteTwoFactor } from './two-factor';

type Row = Record<string, unknown>;

/** Host records kept by token hash; past it the oldest is dropped and read again. */
const MAX_CACHED_TOKENS = 20_000;

/**
 * Records on SQLite. Each write is one statement (or one transaction), and an
 * update sets only the patched columns in a single UPDATE, so two patches of
 * different fields never undo each other, even from two processes on one file.
 */
export class SqliteRecords implements RecordStore {
  private readonly q;
  /**
   * Hosts by token hash, for ingest's lookup on every batch. Exact: this
   * connection's own host writes clear it, and any commit by another
   * connection (another process on the file) changes PRAGMA data_version,
   * which each lookup compares first. Unknown tokens are never kept.
   */
  private readonly byToken = new Map<string, HostRecord>();
  private dataVersion = -1;
  private readonly identities: SqliteIdentities;
  private readonly twoFactor: SqliteTwoFactor;

  constructor(
    private readonly db: Database.Database,
    private readonly accounts: SqliteAccounts,
  ) {
    this.identities = new SqliteIdentities(db);
    this.twoFactor = new SqliteTwoFactor(db);
    this.q = {
      insHost: db.prepare('INSERT INTO hosts (id, name, name_key, tags, token_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      nameTaken: db.prepare<[string, string], number>('SELECT 1 FROM hosts WHERE name_key = ? AND id <> ? LIMIT 1').pluck(),
      host: db.prepare<[string], Row>('SELECT * FROM hosts WHERE id = ?'),
      hostByToken: db.prepare<[string], Row>('SELECT * FROM hosts WHERE token_hash = ?'),
      hosts: db.prepare<[], Row>('SELECT * FROM hosts ORDER BY created_at, id'),
      // NULL keeps the stored value: the statement reads and writes the row in one step.
      updHost: db.prepare<[string | null, string | null, string | null, number | null, string | null, string], Row>(
        `UPDATE hosts SET name = coalesce(?, name), name_key = coalesce(?, name_key), tags = coalesce(?, tags), disabled = coalesce(?, disabled), token_hash = coalesce(?, token_hash)
         WHERE id = ? RETURNING *`,
      ),
      // The token lives in the row, so it stops matching with the row. State, series columns and schemas go by the
      // schema's ON DELETE CASCADE; the rest of the host's series are SeriesStore.deleteHostSeries's (the domain calls it).
      delHost: db.prepare('DELETE FROM hosts WHERE id = ?'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  createHost(h: HostRecord) {
    return guarded('createHost', () =>
      this.checkedName(h.name, h.id, (key) => void this.q.insHost.run(h.id, h.name, key, JSON.stringify(h.tags), h.tokenHash, h.disabled ? 1 : 0, h.createdAt)),
    );
  }
  /**
   * Runs a write that sets a host's name only if no other host has its key,
   * in one IMMEDIATE transaction: the write lock is taken before the check, so
   * another process on the file cannot slip the same name in between.
   */
  private checkedName<T>(name: string, id: string, write: (key: string) => T): T {
    const key = hostNameKey(name);
    return this.db
      .transaction(() => {
        if (this.q.nameTaken.get(key, id)) throw new HostNameTakenError(name);
        return write(key);
      })
      .immediate();
  }
  getHost(id: string) {
    return guarded('getHost', () => {
      const r = this.q.host.get(id);
      return r ? toHost(r) : null;
    });
  }
  findHostByTokenHash(hash: string) {
    return guarded('findHostByTokenHash', () => {
      const version = this.q.dataVersion.get()!;
      if (version !== this.dataVersion) {
        this.byToken.clear();
        this.dataVersion = version;
      }
      const cached = this.byToken.get(hash);
      if (cached) return { ...cached, tags: [...cached.tags] };
      const r = this.q.hostByToken.get(hash);
      if (!r) return null;
      const host = toHost(r);
      if (this.byToken.size >= MAX_CACHED_TOKENS) this.byToken.delete(this.byToken.keys().next().value!);
      this.byToken.set(hash, host);
      return { ...host, tags: [...host.tags] };
    });
  }
  listHosts() {
    return guarded('listHosts', () => this.q.hosts.all().map(toHost));
  }
  updateHost(id: string, p: HostPatch) {
    this.byToken.clear();
    return guarded('updateHost', () => {
      const tags = p.tags === undefined ? null : JSON.stringify(p.tags);
      const disabled = p.disabled === undefined ? null : p.disabled ? 1 : 0;
      const update = (key: string | null) => this.q.updHost.get(p.name ?? null, key, tags, disabled, p.tokenHash ?? null, id);
      const r = p.name === undefined ? update(null) : this.checkedName(p.name, id, update);
      return r ? toHost(r) : null;
    });
  }
  deleteHost(id: string) {
    this.byToken.clear();
    return guarded('deleteHost', () => this.q.delHost.run(id).changes > 0);
  }

  // Users come from accounts.ts; their single sign-on identities from identities.ts, joined here.
  createUser(u: UserRecord) {
    return guarded('createUser', () =>
      this.db
        .transaction(() => {
          this.accounts.createUser(u); // its columns only; the identities go to their table
          this.identities.insertFor(u);
        })
        .immediate(),
    );
  }
  getUser(id: string) {
    return guarded('getUser', () => this.identities.attach(this.accounts.getUser(id)));
  }
  getUserByEmail(email: string) {
    return guarded('getUserByEmail', () => this.identities.attach(this.accounts.getUserByEmail(email)));
  }
  listUsers() {
    return guarded('listUsers', () => this.identities.attachAll(this.accounts.listUsers()));
  }
  updateUser(id: string, patch: UserPatch) {
    return guarded('updateUser', () => this.identities.attach(this.accounts.updateUser(id, patch)));
  }
  deleteUser(id: string) {
    return guarded('deleteUser', () => this.accounts.deleteUser(id));
  }
  findUserByIdentity(provider: string, subject: string) {
    return guarded('findUserByIdentity', () => {
      const owner = this.identities.ownerOf(provider, subject);
      return owner === null ? null : this.identities.attach(this.accounts.getUser(owner));
    });
  }
  linkUserIdentity(userId: string, identity: UserIdentity) {
    return guarded('linkUserIdentity', () => this.identities.link(userId, identity, (id) => this.accounts.getUser(id)));
  }

  createApiToken(t: ApiTokenRecord) {
    return guarded('createApiToken', () => this.accounts.createApiToken(t));
  }
  findApiTokenByHash(hash: string) {
    return guarded('findApiTokenByHash', () => this.accounts.findApiTokenByHash(hash));
  }
  listApiTokens(userId?: string) {
    return guarded('listApiTokens', () => this.accounts.listApiTokens(userId));
  }
  touchApiToken(id: string, at: number) {
    return guarded('touchApiToken', () => this.accounts.touchApiToken(id, at));
  }
  deleteApiToken(id: string) {
    return guarded('deleteApiToken', () => this.accounts.deleteApiToken(id));
  }

  createShare(s: ShareRecord) {
    return guarded('createShare', () => this.accounts.createShare(s));
  }
  findShareByHash(hash: string) {
    return guarded('findShareByHash', () => this.accounts.findShareByHash(hash));
  }
  listShares(hostId?: string) {
    return guarded('listShares', () => this.accounts.listShares(hostId));
  }
  recordShareView(id: string, at: number) {
    return guarded('recordShareView', () => this.accounts.recordShareView(id, at));
  }
  deleteShare(id: string) {
    return guarded('deleteShare', () => this.accounts.deleteShare(id));
  }

  getMeta(key: string) {
    return guarded('getMeta', () => this.accounts.getMeta(key));
  }
  setMeta(key: string, value: string) {
    return guarded('setMeta', () => this.accounts.setMeta(key, value));
  }
  setMetaIfAbsent(key: string, value: string) {
    return guarded('setMetaIfAbsent', () => this.accounts.setMetaIfAbsent(key, value));
  }

  getTwoFactor(userId: string) {
    return guarded('getTwoFactor', () => this.twoFactor.get(userId));
  }
  getTwoFactors(userIds: string[]) {
    return guarded('getTwoFactors', () => this.twoFactor.getMany(userIds));
  }
  putTwoFactor(record: TwoFactorRecord) {
    return guarded('putTwoFactor', () => this.twoFactor.replace(record));
  }
  deleteTwoFactor(userId: string) {
    return guarded('deleteTwoFactor', () => this.twoFactor.delete(userId));
  }
  claimTotpStep(userId: string, step: number) {
    return guarded('claimTotpStep', () => this.twoFactor.claimStep(userId, step));
  }
  useRecoveryCode(userId: string, codeHash: string) {
    return guarded('useRecoveryCode', () => this.twoFactor.useCode(userId, codeHash));
  }
}
