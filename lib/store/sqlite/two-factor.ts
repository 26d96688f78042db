import 'server-only';
import type Database from 'better-sqlite3';
import type { TwoFactorRecord } from '../two-factor-port';

/**
 * Two-factor records on SQLite: one row per user, the unused recovery code
 * hashes one row each. The sign-in writes are single statements (an UPDATE
 * guarded by `last_step < ?`, a DELETE of one code row) and report whether
 * they changed a row, so they are atomic even between two processes on one file.
 */
export const TWO_FACTOR_SCHEMA = `
CREATE TABLE IF NOT EXISTS two_factor (
  user_id TEXT PRIMARY KEY,
  sealed_secret TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  last_step INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  enabled_at INTEGER
);
CREATE TABLE IF NOT EXISTS two_factor_recovery (
  user_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;
`;

type Row = { user_id: string; sealed_secret: string; enabled: number; last_step: number; created_at: number; enabled_at: number | null };

export class SqliteTwoFactor {
  private readonly q;
  private readonly put: (r: TwoFactorRecord) => void;
  private readonly remove: (userId: string) => boolean;

  constructor(db: Database.Database) {
    this.q = {
      get: db.prepare<[string], Row>('SELECT * FROM two_factor WHERE user_id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM two_factor'),
      codes: db.prepare<[string], string>('SELECT code_hash FROM two_factor_recovery WHERE user_id = ? ORDER BY code_hash').pluck(),
      allCodes: db.prepare<[], { user_id: string; code_hash: string }>('SELECT user_id, code_hash FROM two_factor_recovery ORDER BY code_hash'),
      del: db.prepare<[string]>('DELETE FROM two_factor WHERE user_id = ?'),
      delCodes: db.prepare<[string]>('DELETE FROM two_factor_recovery WHERE user_id = ?'),
      ins: db.prepare('INSERT INTO two_factor (user_id, sealed_secret, enabled, last_step, created_at, enabled_at) VALUES (?, ?, ?, ?, ?, ?)'),
      insCode: db.prepare('INSERT OR IGNORE INTO two_factor_recovery (user_id, code_hash) VALUES (?, ?)'),
      claim: db.prepare<[number, string, number]>('UPDATE two_factor SET last_step = ? WHERE user_id = ? AND last_step < ?'),
      useCode: db.prepare<[string, string]>('DELETE FROM two_factor_recovery WHERE user_id = ? AND code_hash = ?'),
    };
    // IMMEDIATE: the write lock is taken first, so a replacement never interleaves with another process's.
    const put = db.transaction((r: TwoFactorRecord) => {
      this.q.del.run(r.userId);
      this.q.delCodes.run(r.userId);
      this.q.ins.run(r.userId, r.sealedSecret, r.enabled ? 1 : 0, r.lastStep, r.createdAt, r.enabledAt);
      for (const hash of r.recoveryHashes) this.q.insCode.run(r.userId, hash);
    });
    this.put = (r) => put.immediate(r);
    const remove = db.transaction((userId: string) => {
      this.q.delCodes.run(userId);
      return this.q.del.run(userId).changes > 0;
    });
    this.remove = (userId) => remove.immediate(userId);
  }

  private toRecord(r: Row, recoveryHashes: string[]): TwoFactorRecord {
    return {
      userId: r.user_id,
      sealedSecret: r.sealed_secret,
      enabled: r.enabled === 1,
      lastStep: r.last_step,
      recoveryHashes,
      createdAt: r.created_at,
      enabledAt: r.enabled_at,
    };
  }

  get(userId: string): TwoFactorRecord | null {
    const r = this.q.get.get(userId);
    return r ? this.toRecord(r, this.q.codes.all(userId)) : null;
  }
  getMany(userIds: string[]): Map<string, TwoFactorRecord> {
    const wanted = new Set(userIds);
    const codes = new Map<string, string[]>();
    for (const c of this.q.allCodes.all()) if (wanted.has(c.user_id)) codes.set(c.user_id, [...(codes.get(c.user_id) ?? []), c.code_hash]);
    const out = new Map<string, TwoFactorRecord>();
    for (const r of this.q.all.all()) if (wanted.has(r.user_id)) out.set(r.user_id, this.toRecord(r, codes.get(r.user_id) ?? []));
    return out;
  }
  replace(record: TwoFactorRecord): void {
    this.put(record);
  }
  delete(userId: string): boolean {
    return this.remove(userId);
  }
  claimStep(userId: string, step: number): boolean {
    return this.q.claim.run(step, userId, step).changes === 1;
  }
  useCode(userId: string, hash: string): boolean {
    return this.q.useCode.run(userId, hash).changes === 1;
  }
}
