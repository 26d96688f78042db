import 'server-only';
import type Database from 'better-sqlite3';
import { emailKey } from '../records';
import type { ApiTokenRecord, RateLimitHit, Role, ShareRecord, UserPatch, UserRecord } from '../types';
import { RateWindows } from './rate-windows';

type Row = Record<string, unknown>;

const toUser = (r: Row): UserRecord => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  role: r.role as Role,
  passwordHash: r.password_hash as string,
  createdAt: r.created_at as number,
});

const toToken = (r: Row): ApiTokenRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  name: r.name as string,
  scope: r.scope as ApiTokenRecord['scope'],
  tokenHash: r.token_hash as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number | null,
  lastUsedAt: r.last_used_at as number | null,
});

const toShare = (r: Row): ShareRecord => ({
  id: r.id as string,
  hostId: r.host_id as string,
  tokenHash: r.token_hash as string,
  label: r.label as string,
  createdBy: r.created_by as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number | null,
  includeProcesses: r.include_processes === 1,
  includeAlerts: r.include_alerts === 1,
  maxRangeMs: r.max_range_ms as number,
  lastViewedAt: r.last_viewed_at as number | null,
  viewCount: r.view_count as number,
});

/** Users, API tokens, share links, rate-limit windows and meta settings on SQLite. */
export class SqliteAccounts {
  private readonly q;
  private readonly rateWindows: RateWindows;

  constructor(db: Database.Database) {
    this.rateWindows = new RateWindows(db);
    this.q = {
      insUser: db.prepare('INSERT INTO users (id, email, email_key, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      user: db.prepare<[string], Row>('SELECT * FROM users WHERE id = ?'),
      userByEmail: db.prepare<[string], Row>('SELECT * FROM users WHERE email_key = ?'),
      users: db.prepare<[], Row>('SELECT * FROM users ORDER BY created_at, id'),
      // One statement setting only the patched columns (NULL keeps the stored value): atomic, so concurrent patches of different fields all land.
      updUser: db.prepare<[string | null, string | null, string | null, string], Row>(
        'UPDATE users SET name = coalesce(?, name), role = coalesce(?, role), password_hash = coalesce(?, password_hash) WHERE id = ? RETURNING *',
      ),
      delUser: db.prepare('DELETE FROM users WHERE id = ?'),
      insToken: db.prepare(
        'INSERT INTO api_tokens (id, user_id, name, scope, token_hash, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      tokenByHash: db.prepare<[string], Row>('SELECT * FROM api_tokens WHERE token_hash = ?'),
      tokens: db.prepare<[], Row>('SELECT * FROM api_tokens ORDER BY created_at, id'),
      tokensOf: db.prepare<[string], Row>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at, id'),
      touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      delToken: db.prepare('DELETE FROM api_tokens WHERE id = ?'),
      insShare: db.prepare(
        `INSERT INTO shares (id, host_id, token_hash, label, created_by, created_at, expires_at, include_processes, include_alerts, max_range_ms, last_viewed_at, view_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      shareByHash: db.prepare<[string], Row>('SELECT * FROM shares WHERE token_hash = ?'),
      shares: db.prepare<[], Row>('SELECT * FROM shares ORDER BY created_at, id'),
      sharesOf: db.prepare<[string], Row>('SELECT * FROM shares WHERE host_id = ? ORDER BY created_at, id'),
      viewShare: db.prepare('UPDATE shares SET last_viewed_at = ?, view_count = view_count + 1 WHERE id = ?'),
      delShare: db.prepare('DELETE FROM shares WHERE id = ?'),
      meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      setMetaIfAbsent: db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    };
  }

  createUser(u: UserRecord): void {
    this.q.insUser.run(u.id, u.email, emailKey(u.email), u.name, u.role, u.passwordHash, u.createdAt);
  }
  getUser(id: string): UserRecord | null {
    const r = this.q.user.get(id);
    return r ? toUser(r) : null;
  }
  getUserByEmail(email: string): UserRecord | null {
    const r = this.q.userByEmail.get(emailKey(email));
    return r ? toUser(r) : null;
  }
  listUsers(): UserRecord[] {
    return this.q.users.all().map(toUser);
  }
  updateUser(id: string, patch: UserPatch): UserRecord | null {
    const r = this.q.updUser.get(patch.name ?? null, patch.role ?? null, patch.passwordHash ?? null, id);
    return r ? toUser(r) : null;
  }
  /** The user only: their API tokens are removed by the domain (lib/accounts/users.ts). */
  deleteUser(id: string): boolean {
    return this.q.delUser.run(id).changes > 0;
  }

  createApiToken(t: ApiTokenRecord): void {
    this.q.insToken.run(t.id, t.userId, t.name, t.scope, t.tokenHash, t.createdAt, t.expiresAt, t.lastUsedAt);
  }
  findApiTokenByHash(hash: string): ApiTokenRecord | null {
    const r = this.q.tokenByHash.get(hash);
    return r ? toToken(r) : null;
  }
  listApiTokens(userId?: string): ApiTokenRecord[] {
    return (userId === undefined ? this.q.tokens.all() : this.q.tokensOf.all(userId)).map(toToken);
  }
  touchApiToken(id: string, at: number): void {
    this.q.touchToken.run(at, id);
  }
  deleteApiToken(id: string): boolean {
    return this.q.delToken.run(id).changes > 0;
  }

  createShare(s: ShareRecord): void {
    this.q.insShare.run(
      s.id, s.hostId, s.tokenHash, s.label, s.createdBy, s.createdAt, s.expiresAt, s.includeProcesses ? 1 : 0, s.includeAlerts ? 1 : 0, s.maxRangeMs, s.lastViewedAt, s.viewCount,
    );
  }
  findShareByHash(hash: string): ShareRecord | null {
    const r = this.q.shareByHash.get(hash);
    return r ? toShare(r) : null;
  }
  listShares(hostId?: string): ShareRecord[] {
    return (hostId === undefined ? this.q.shares.all() : this.q.sharesOf.all(hostId)).map(toShare);
  }
  recordShareView(id: string, at: number): void {
    this.q.viewShare.run(at, id);
  }
  deleteShare(id: string): boolean {
    return this.q.delShare.run(id).changes > 0;
  }

  hitRateLimit(key: string, windowMs: number, now: number): RateLimitHit {
    return this.rateWindows.hit(key, windowMs, now);
  }
  resetRateLimit(key: string): void {
    this.rateWindows.reset(key);
  }
  /** Writes the rate-limit counts still ahead of the table (before the connection closes). */
  flushRateLimits(): void {
    this.rateWindows.flush();
  }

  getMeta(key: string): string | null {
    return this.q.meta.get(key)?.value ?? null;
  }
  setMeta(key: string, value: string): void {
    this.q.setMeta.run(key, value);
  }
  setMetaIfAbsent(key: string, value: string): boolean {
    return this.q.setMetaIfAbsent.run(key, value).changes === 1;
  }
}
