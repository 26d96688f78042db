import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { composeStore, createStoreParts, mixParts } from '@/lib/store';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { storeContract } from './contract';

/** Ports from two backends composed into one store: SQLite records with Redis series and counters pass every suite too. */
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

storeContract('sqlite records + redis series and counters', {
  create: async (retention) => {
    const records = createStoreParts({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, retention);
    const series = createStoreParts({ kind: 'redis', url: server.url }, retention, { keyPrefix: `m${n}:` });
    return composeStore(mixParts(records, series));
  },
});
