import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import { batch, host, RETENTION, sample } from './sample';

/**
 * The SQLite file holds password hashes, token hashes and every host's
 * process history: no other local user may read it, whatever the umask.
 */

const root = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-sqlite-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const modeOf = (p: string) => statSync(p).mode & 0o777;

/** Opens the store, writes through it (so SQLite creates -wal and -shm) and answers the modes of the files it made. */
async function openAndWrite(file: string) {
  const store = createStore({ kind: 'sqlite', file }, RETENTION);
  try {
    const h = host();
    await store.createHost(h);
    const now = Date.now();
    await store.ingest(h.id, batch([sample(now - 1_000)]), now);
    const files = ['', '-wal', '-shm'].map((suffix) => `${file}${suffix}`);
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
    return Object.fromEntries(files.map((f) => [path.basename(f), modeOf(f)]));
  } finally {
    await store.close();
  }
}

describe('sqlite files are the server user’s alone', () => {
  // The usual umask (022) would give 0755 directories and 0644 files.
  const previous = process.umask(0o022);
  afterAll(() => void process.umask(previous));

  it('a fresh data directory is created 0700 (every level it creates) and the database, -wal and -shm 0600', async () => {
    const dataDir = path.join(root, `fresh-${++n}`, 'nested');
    const file = path.join(dataDir, 'hostwatch.db');
    const modes = await openAndWrite(file);
    expect(modes).toEqual({ 'hostwatch.db': 0o600, 'hostwatch.db-wal': 0o600, 'hostwatch.db-shm': 0o600 });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.dirname(dataDir))).toBe(0o700);
  });

  it('files an older release left readable (database, -wal, -shm) lose their group and other bits on start', async () => {
    const dataDir = path.join(root, `older-${++n}`);
    mkdirSync(dataDir, { mode: 0o755 });
    const file = path.join(dataDir, 'hostwatch.db');
    // An older release's files: 0644, with a -wal and -shm left by a connection that is still open elsewhere.
    const older = new Database(file);
    older.pragma('journal_mode = WAL');
    older.exec('CREATE TABLE leftover (x); INSERT INTO leftover VALUES (1)');
    for (const suffix of ['', '-wal', '-shm']) chmodSync(`${file}${suffix}`, 0o644);
    try {
      const modes = await openAndWrite(file);
      expect(modes).toEqual({ 'hostwatch.db': 0o600, 'hostwatch.db-wal': 0o600, 'hostwatch.db-shm': 0o600 });
    } finally {
      older.close();
    }
    // The directory is the operator's (it may be shared, like /var/lib): left as it was.
    expect(modeOf(dataDir)).toBe(0o755);
  });
});
