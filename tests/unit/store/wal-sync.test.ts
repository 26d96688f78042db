import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalSync } from '@/lib/store/sqlite/wal-sync';

describe('WalSync', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-walsync-'));

  it('syncs the file for every caller, concurrent ones included, and again afterwards', async () => {
    const file = path.join(dir, 'db-wal');
    writeFileSync(file, 'frames');
    const sync = new WalSync(file);
    const results = await Promise.allSettled([sync.sync(), sync.sync(), sync.sync(), sync.sync()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    await expect(sync.sync()).resolves.toBeUndefined();
    sync.close();
  });

  it('resolves when there is no WAL file (everything is in the checkpointed main file)', async () => {
    const sync = new WalSync(path.join(dir, 'absent-wal'));
    await expect(sync.sync()).resolves.toBeUndefined();
  });

  it('rejects when the WAL cannot be opened for another reason, so ingest answers 503 instead of acknowledging', async () => {
    const sync = new WalSync(path.join(dir, 'db-wal', 'not-a-directory'));
    await expect(sync.sync()).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
