import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createStore } from '@/lib/store';
import { storeContract } from './contract';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', {
  // A data directory that does not exist yet: the store creates it and its schema on first start.
  create: async (retention) => createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, retention),
});
