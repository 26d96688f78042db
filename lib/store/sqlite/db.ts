import 'server-only';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreConflictError, StoreUnavailableError } from '../errors';
import { hostNameKey } from '../records';
import { ALERT_SCHEMA } from './alert-tables';
import { IDENTITY_SCHEMA } from './identities';
import { TWO_FACTOR_SCHEMA } from './two-factor';
import type { HostRecord } from '../types';

/**
 * Opens (creating on first start) the embedded database.
 *
 * Durability: WAL with synchronous=NORMAL, which survives a kill -9 of the
 * server (a committed transaction is in the WAL file before commit returns).
 * Ingest promises more ("2xx only after the batch is durable", power cuts
 * included), so it also awaits an fdatasync of the WAL that runs off the event
 * loop (see wal-sync.ts) — the cost FULL would put on the request thread.
 */
/** A `hosts` row as the contract's HostRecord. */
export const toHost = (r: Record<string, unknown>): HostRecord => ({
  id: r.id as string,
  name: r.name as string,
  tags: JSON.parse(r.tags as string) as string[],
  tokenHash: r.token_hash as string,
  disabled: r.disabled === 1,
  createdAt: r.created_at as number,
});

/**
 * The file holds password hashes, token hashes and every host's process
 * history: only the server's own user may read it. The directories we create
 * are 0700 (an existing one is the operator's choice and left alone); the
 * database is created 0600 before SQLite opens it, because SQLite gives the
 * -wal and -shm files it creates the main file's permissions. A file left
 * readable by an older version (or an existing -wal/-shm) loses its group and
 * other bits.
 */
export function ownerOnlyFiles(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      // A runtime path (the data directory): nothing for the build to trace.
      mode = statSync(/* turbopackIgnore: true */ f).mode & 0o777;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (mode & 0o077) chmodSync(f, mode & 0o700);
  }
}

export function openDatabase(file: string): Database.Database {
  ownerOnlyFiles(file);
  const db = new Database(file, { timeout: 2_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Keep the WAL from growing without bound under steady ingest; checkpoints stay automatic.
  db.pragma('wal_autocheckpoint = 2000');
  db.exec(SCHEMA);
  db.exec(ALERT_SCHEMA);
  db.exec(IDENTITY_SCHEMA);
  db.exec(TWO_FACTOR_SCHEMA);
  migrate(db);
  return db;
}

/** Columns added after a database was first created. */
function migrate(db: Database.Database): void {
  const has = (table: string, column: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column);
  if (!has('shares', 'include_alerts')) db.exec('ALTER TABLE shares ADD COLUMN include_alerts INTEGER NOT NULL DEFAULT 0');
  if (!has('host_state', 'capped')) db.exec('ALTER TABLE host_state ADD COLUMN capped TEXT');
  // Left NULL: the first ingest of each host stamps them with its hour (lib/store/catalog-edit.ts, sweep).
  if (!has('series_columns', 'seen')) db.exec('ALTER TABLE series_columns ADD COLUMN seen INTEGER');
  if (!has('series_schemas', 'seen')) db.exec('ALTER TABLE series_schemas ADD COLUMN seen INTEGER');
  if (!has('hosts', 'name_key')) backfillHostNameKeys(db);
  db.exec('CREATE INDEX IF NOT EXISTS hosts_name_key ON hosts (name_key)');
}

/**
 * Host names became unique (case-insensitively) after stores existed, so an
 * old file may hold two hosts of one name. They are kept, both working: the
 * index is not UNIQUE, and a create or rename is refused while any host has
 * the key (record-store.ts checks and writes in one IMMEDIATE transaction).
 * An admin renames one of them to end the clash. The key is computed in JS
 * (hostNameKey), so it is filled here row by row, in one transaction.
 */
function backfillHostNameKeys(db: Database.Database): void {
  db.transaction(() => {
    db.exec('ALTER TABLE hosts ADD COLUMN name_key TEXT');
    const set = db.prepare('UPDATE hosts SET name_key = ? WHERE seq = ?');
    for (const r of db.prepare<[], { seq: number; name: string }>('SELECT seq, name FROM hosts').all()) set.run(hostNameKey(r.name), r.seq);
  }).immediate();
}

// Series storage is keyed by a small integer per host (hosts.seq), never the host's string id, to keep rows small.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS hosts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: series rows of a deleted host can never be taken for a new one
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  tags TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  disabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS host_state (
  host INTEGER PRIMARY KEY REFERENCES hosts(seq) ON DELETE CASCADE,
  last_seen INTEGER NOT NULL,
  latest_ts INTEGER NOT NULL,
  latest TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  system TEXT,
  counters TEXT NOT NULL,
  dropped_total INTEGER NOT NULL,
  clock_skew INTEGER NOT NULL,
  capped TEXT -- JSON {series, at}: the last time a per-host cap kept series out of history
);
CREATE TABLE IF NOT EXISTS series_columns (
  host INTEGER NOT NULL REFERENCES hosts(seq) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  seen INTEGER, -- the hour (its start, ms) the series was last seen in; rows leave the live set by it (lib/store/ingest-plan.ts)
  PRIMARY KEY (host, idx),
  UNIQUE (host, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series_schemas (
  host INTEGER NOT NULL REFERENCES hosts(seq) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  names TEXT NOT NULL,
  columns TEXT NOT NULL,
  seen INTEGER,
  PRIMARY KEY (host, id),
  UNIQUE (host, names)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series_next (
  host INTEGER PRIMARY KEY REFERENCES hosts(seq) ON DELETE CASCADE,
  next_column INTEGER NOT NULL, -- ids are never given twice: data stored under a gone entry's id must not be read as a new one's
  next_schema INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS raw (
  host INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  rec TEXT NOT NULL,
  PRIMARY KEY (host, ts)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS late_seen (
  host INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  PRIMARY KEY (host, ts)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollups (
  host INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  aggs TEXT NOT NULL,
  PRIMARY KEY (host, tier, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
  host INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (host, slot)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS snapshots_ts ON snapshots (host, ts);
CREATE TABLE IF NOT EXISTS watch (
  host TEXT PRIMARY KEY,
  until INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER
);
CREATE TABLE IF NOT EXISTS shares (
  id TEXT PRIMARY KEY,
  host_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  include_processes INTEGER NOT NULL,
  include_alerts INTEGER NOT NULL DEFAULT 0,
  max_range_ms INTEGER NOT NULL,
  last_viewed_at INTEGER,
  view_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_host ON shares (host_id);
CREATE TABLE IF NOT EXISTS rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB)/;

/** SQLite errors that mean "the store cannot work right now" become StoreUnavailableError; unique violations StoreConflictError. */
export function mapSqliteError(err: unknown, what: string): unknown {
  if (err instanceof StoreUnavailableError || err instanceof StoreConflictError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) {
    return new StoreUnavailableError(`sqlite store failed (${code}) during ${what}`, { cause: err, retryAfterSeconds: 2 });
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreConflictError(`${what}: ${(err as Error).message}`);
  }
  return err;
}

/** Runs a synchronous body as the ports' promise, turning SQLite failures into the store's typed errors. */
export function guarded<T>(what: string, body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (err) {
    return Promise.reject(mapSqliteError(err, what));
  }
}
