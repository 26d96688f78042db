import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SeriesLimits } from '@/lib/metrics/registry';
import { HOUR, type Retention } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import { storeContract } from './contract';
import { corruptSqliteRollups, damageSqliteAlert, sqliteAsOlderRelease, sqliteColumnIds } from './corrupt';
import { batch, host, RETENTION, sample } from './sample';
import { seriesLimitsContract } from './series-limits';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const alertFiles = new Map<object, string>();
storeContract('sqlite', {
  // A data directory that does not exist yet: the store creates it and its schema on first start.
  create: async (retention, opts) => {
    const file = path.join(dir, `db-${++n}`, 'hostwatch.db');
    const store = createStore({ kind: 'sqlite', file }, retention, opts);
    alertFiles.set(store, file);
    return store;
  },
  damageAlert: async (store, target) => damageSqliteAlert(alertFiles.get(store)!, target),
});

const files = new Map<object, { file: string; retention: Retention; limits: SeriesLimits }>();
const open = (file: string, retention: Retention, limits: SeriesLimits) => {
  const store = createStore({ kind: 'sqlite', file }, retention, { limits });
  files.set(store, { file, retention, limits });
  return store;
};
seriesLimitsContract('sqlite', {
  create: async (retention, limits) => open(path.join(dir, `limits-${++n}`, 'hostwatch.db'), retention, limits),
  corruptRollups: async (store, hostId) => corruptSqliteRollups(files.get(store)!.file, hostId),
  reopen: async (store, _hostId, olderRelease) => {
    const { file, retention, limits } = files.get(store)!;
    await store.close();
    if (olderRelease) sqliteAsOlderRelease(file);
    return open(file, retention, limits);
  },
  columnIds: async (store, hostId) => sqliteColumnIds(files.get(store)!.file, hostId),
});

describe('sqlite series of a host whose record still exists', () => {
  it('deleteHostSeries clears its data and keeps the series dictionaries ingest has cached, so later rows stay readable', async () => {
    const store = createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, RETENTION);
    try {
      const h = host();
      await store.createHost(h);
      const now = Date.now();
      await store.ingest(h.id, batch([sample(now - 2_000, { cpu: 10 })]), now);
      await store.deleteHostSeries(h.id, now);
      expect(await store.getHostState(h.id)).toBeNull();
      expect(await store.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now, now)).toEqual([]);
      await store.ingest(h.id, batch([sample(now - 1_000, { cpu: 20 })]), now);
      expect((await store.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now, now)).map((r) => r.values['cpu.total'].avg)).toEqual([20]);
    } finally {
      await store.close();
    }
  });
});
