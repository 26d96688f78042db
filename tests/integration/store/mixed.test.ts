import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { composeStore, createStoreParts, mixParts } from '@/lib/store';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { storeContract } from './contract';
import { damageSqliteAlert } from './corrupt';

/** Ports from two backends composed into one store: SQLite records and alerts with Redis series and counters pass every suite too. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-mixed-contract-'));
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
const files = new Map<object, string>();

storeContract('sqlite records + redis series and counters', {
  create: async (retention, opts) => {
    const file = path.join(dir, `db-${++n}`, 'hostwatch.db');
    const records = createStoreParts({ kind: 'sqlite', file }, retention, opts);
    const series = createStoreParts({ kind: 'redis', url: server.url }, retention, { keyPrefix: `m${n}:` });
    const store = composeStore(mixParts(records, series));
    files.set(store, file);
    return store;
  },
  // Alerts go with the records: the damage is done in the SQLite file (and would find nothing there were they on Redis).
  damageAlert: async (store, target) => damageSqliteAlert(files.get(store)!, target),
});
