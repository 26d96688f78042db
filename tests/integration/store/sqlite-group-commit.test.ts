import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt } from '../../support/hosts';
import { makeBatch } from '../../support/samples';

/**
 * SQLite's group commit writes every batch that arrives together in one
 * transaction, without a savepoint per batch. A batch that fails must still
 * fail alone: the group rolls back and its batches are committed one by one.
 * The failure is injected into the real file with a trigger, from a second
 * connection, as a disk or constraint error would hit one batch's insert.
 */
describe('sqlite group commit', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-group-'));
  let store: Store;
  let db: Database.Database;
  beforeAll(async () => {
    store = await openSqliteStoreAt(dir);
    db = new Database(path.join(dir, 'hostwatch.db'));
  });
  afterAll(async () => {
    db?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails only the batch that failed; the others of its group are stored, and the failed host ingests again after', async () => {
    const [bad, good1, good2, gone] = await Promise.all([createTestHost(store), createTestHost(store), createTestHost(store), createTestHost(store)]);
    const seq = (id: string) => (db.prepare('SELECT seq FROM hosts WHERE id = ?').get(id) as { seq: number }).seq;
    db.exec(`CREATE TRIGGER fail_one BEFORE INSERT ON raw WHEN NEW.host = ${seq(bad.host.id)} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    await store.deleteHost(gone.host.id);
    const now = Date.now();
    // Submitted in one tick: one group.
    const outcomes = await Promise.allSettled([bad, good1, good2, gone].map((h) => store.ingest(h.host.id, makeBatch(now, 2), now)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/injected failure/);
    expect((outcomes[3] as PromiseRejectedResult).reason.name).toBe('UnknownHostError');
    for (const h of [good1, good2]) expect((await store.getHostState(h.host.id))?.lastSeen).toBe(now);
    expect(await store.getHostState(bad.host.id)).toBeNull();

    db.exec('DROP TRIGGER fail_one');
    const again = await store.ingest(bad.host.id, makeBatch(now + 10_000, 2), now + 10_000);
    expect(again.accepted).toBe(2);
    expect((await store.getHostState(bad.host.id))?.lastSeen).toBe(now + 10_000);
    // Nothing of the rolled-back group was kept in the caches: the good hosts' next batch adds to what is stored.
    const next = await store.ingest(good1.host.id, makeBatch(now + 10_000, 2), now + 10_000);
    expect(next).toMatchObject({ accepted: 2, duplicates: 0 });
    const resent = await store.ingest(good1.host.id, makeBatch(now, 2), now + 10_000);
    expect(resent).toMatchObject({ accepted: 0, duplicates: 2 });
  });
});
