import 'server-only';
import type Database from 'better-sqlite3';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { definedOnly } from '../records';
import type {
  ApiTokenRecord, HostPatch, HostRecord, IngestBatch, IngestResult, RateLimitHit, ShareRecord, Store, UserPatch, UserRecord,
} from '../types';
import { SqliteAccounts } from './accounts';
import { mapSqliteError, openDatabase, toHost } from './db';
import { WalSync } from './wal-sync';
import { SqliteMetrics } from './metrics';

type Row = Record<string, unknown>;

/** The embedded backend: one SQLite file (WAL), everything synchronous under the hood. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly walSync: WalSync;
  private readonly metrics: SqliteMetrics;
  private readonly accounts: SqliteAccounts;
  private readonly q;

  constructor(file: string, retention: Retention, limits?: SeriesLimits) {
    try {
      this.db = openDatabase(file);
    } catch (err) {
      throw mapSqliteError(err, `opening ${file}`);
    }
    this.walSync = new WalSync(`${file}-wal`);
    this.metrics = new SqliteMetrics(this.db, retention, this.walSync, limits);
    this.accounts = new SqliteAccounts(this.db);
    const db = this.db;
    this.q = {
      insHost: db.prepare('INSERT INTO hosts (id, name, tags, token_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      host: db.prepare<[string], Row>('SELECT * FROM hosts WHERE id = ?'),
      hostByToken: db.prepare<[string], Row>('SELECT * FROM hosts WHERE token_hash = ?'),
      hosts: db.prepare<[], Row>('SELECT * FROM hosts ORDER BY created_at, id'),
      updHost: db.prepare('UPDATE hosts SET name = ?, tags = ?, disabled = ?, token_hash = ? WHERE id = ?'),
      delHost: db.prepare<[string], { seq: number }>('DELETE FROM hosts WHERE id = ? RETURNING seq'),
      delSeries: ['raw', 'late_seen', 'rollups', 'snapshots'].map((t) => db.prepare(`DELETE FROM ${t} WHERE host = ?`)),
      delWatch: db.prepare('DELETE FROM watch WHERE host = ?'),
    };
  }

  /** Runs a synchronous body, turning SQLite failures into the store's typed errors. */
  private run<T>(what: string, body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (err) {
      return Promise.reject(mapSqliteError(err, what));
    }
  }

  ping() {
    return this.run('ping', () => void this.db.prepare('SELECT 1').get());
  }
  async close() {
    this.walSync.close();
    if (this.db.open) this.db.close();
  }

  createHost(h: HostRecord) {
    return this.run('createHost', () => void this.q.insHost.run(h.id, h.name, JSON.stringify(h.tags), h.tokenHash, h.disabled ? 1 : 0, h.createdAt));
  }
  getHost(id: string) {
    return this.run('getHost', () => {
      const r = this.q.host.get(id);
      return r ? toHost(r) : null;
    });
  }
  findHostByTokenHash(hash: string) {
    return this.run('findHostByTokenHash', () => {
      const r = this.q.hostByToken.get(hash);
      return r ? toHost(r) : null;
    });
  }
  listHosts() {
    return this.run('listHosts', () => this.q.hosts.all().map(toHost));
  }
  updateHost(id: string, patch: HostPatch) {
    return this.run('updateHost', () => {
      const r = this.q.host.get(id);
      if (!r) return null;
      const next = { ...toHost(r), ...definedOnly(patch) };
      this.q.updHost.run(next.name, JSON.stringify(next.tags), next.disabled ? 1 : 0, next.tokenHash, id);
      return next;
    });
  }
  deleteHost(id: string) {
    return this.run('deleteHost', () =>
      this.db.transaction(() => {
        const gone = this.q.delHost.get(id);
        this.q.delWatch.run(id);
        this.accounts.deleteHostShares(id);
        if (!gone) return false;
        for (const del of this.q.delSeries) del.run(gone.seq);
        return true;
      })(),
    );
  }

  ingest(hostId: string, batch: IngestBatch, receivedAt: number): Promise<IngestResult> {
    return this.metrics.ingest(hostId, batch, receivedAt);
  }
  getHostState(hostId: string) {
    return this.run('getHostState', () => this.metrics.getHostState(hostId));
  }
  getFleet() {
    return this.run('getFleet', () => this.metrics.getFleet());
  }
  readSeries(...args: Parameters<SqliteMetrics['readSeries']>) {
    return this.run('readSeries', () => this.metrics.readSeries(...args));
  }
  listSeriesNames(hostId: string) {
    return this.run('listSeriesNames', () => this.metrics.listSeriesNames(hostId));
  }
  getProcessSnapshot(hostId: string, at?: number) {
    return this.run('getProcessSnapshot', () => this.metrics.getProcessSnapshot(hostId, at));
  }
  markWatched(hostId: string, untilMs: number) {
    return this.run('markWatched', () => this.metrics.markWatched(hostId, untilMs));
  }

  createUser(u: UserRecord) {
    return this.run('createUser', () => this.accounts.createUser(u));
  }
  getUser(id: string) {
    return this.run('getUser', () => this.accounts.getUser(id));
  }
  getUserByEmail(email: string) {
    return this.run('getUserByEmail', () => this.accounts.getUserByEmail(email));
  }
  listUsers() {
    return this.run('listUsers', () => this.accounts.listUsers());
  }
  updateUser(id: string, patch: UserPatch) {
    return this.run('updateUser', () => this.accounts.updateUser(id, patch));
  }
  deleteUser(id: string) {
    return this.run('deleteUser', () => this.accounts.deleteUser(id));
  }

  createApiToken(t: ApiTokenRecord) {
    return this.run('createApiToken', () => this.accounts.createApiToken(t));
  }
  findApiTokenByHash(hash: string) {
    return this.run('findApiTokenByHash', () => this.accounts.findApiTokenByHash(hash));
  }
  listApiTokens(userId?: string) {
    return this.run('listApiTokens', () => this.accounts.listApiTokens(userId));
  }
  touchApiToken(id: string, at: number) {
    return this.run('touchApiToken', () => this.accounts.touchApiToken(id, at));
  }
  deleteApiToken(id: string) {
    return this.run('deleteApiToken', () => this.accounts.deleteApiToken(id));
  }

  createShare(s: ShareRecord) {
    return this.run('createShare', () => this.accounts.createShare(s));
  }
  findShareByHash(hash: string) {
    return this.run('findShareByHash', () => this.accounts.findShareByHash(hash));
  }
  listShares(hostId?: string) {
    return this.run('listShares', () => this.accounts.listShares(hostId));
  }
  recordShareView(id: string, at: number) {
    return this.run('recordShareView', () => this.accounts.recordShareView(id, at));
  }
  deleteShare(id: string) {
    return this.run('deleteShare', () => this.accounts.deleteShare(id));
  }

  hitRateLimit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
    return this.run('hitRateLimit', () => this.accounts.hitRateLimit(key, windowMs, now));
  }
  resetRateLimit(key: string) {
    return this.run('resetRateLimit', () => this.accounts.resetRateLimit(key));
  }

  getMeta(key: string) {
    return this.run('getMeta', () => this.accounts.getMeta(key));
  }
  setMeta(key: string, value: string) {
    return this.run('setMeta', () => this.accounts.setMeta(key, value));
  }
  setMetaIfAbsent(key: string, value: string) {
    return this.run('setMetaIfAbsent', () => this.accounts.setMetaIfAbsent(key, value));
  }
}
