import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createStore } from '@/lib/store';
import { storeContract } from './contract';
import { corruptSqliteRollups } from './corrupt';
import { seriesLimitsContract } from './series-limits';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', {
  // A data directory that does not exist yet: the store creates it and its schema on first start.
  create: async (retention) => createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, retention),
});

const files = new Map<object, string>();
seriesLimitsContract('sqlite', {
  create: async (retention, limits) => {
    const file = path.join(dir, `limits-${++n}`, 'hostwatch.db');
    const store = createStore({ kind: 'sqlite', file }, retention, { limits });
    files.set(store, file);
    return store;
  },
  corruptRollups: async (store, hostId) => corruptSqliteRollups(files.get(store)!, hostId),
});
