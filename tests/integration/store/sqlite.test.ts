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
import { sqliteOlderHosts } from './older-hosts';
import { seriesLimitsContract } from './series-limits';
import { servicesContract } from './services-contract';
import { devicesContract } from './devices-contract';

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
  olderHosts: async (retention, hosts) => {
    const file = path.join(dir, `older-${++n}`, 'hostwatch.db');
    await createStore({ kind: 'sqlite', file }, retention).close();
    sqliteOlderHosts(file, hosts);
    return createStore({ kind: 'sqlite', file }, retention);
  },
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
devicesContract('sqlite', async (retention, limits) => open(path.join(dir, `devices-${++n}`, 'hostwatch.db'), retention, limits));

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

describe('sqlite records and counters kept in memory', () => {
  const fileOf = () => path.join(dir, `db-${++n}`, 'hostwatch.db');

  it('a host token cached by one connection follows rotation, disabling and deletion made through another', async () => {
    const file = fileOf();
    const a = createStore({ kind: 'sqlite', file }, RETENTION);
    const b = createStore({ kind: 'sqlite', file }, RETENTION);
    try {
      const h = host();
      await a.createHost(h);
      expect((await a.findHostByTokenHash(h.tokenHash))?.id).toBe(h.id);
      expect((await a.findHostByTokenHash(h.tokenHash))?.id).toBe(h.id);
      await b.updateHost(h.id, { tokenHash: 'rotated-hash' });
      expect(await a.findHostByTokenHash(h.tokenHash)).toBeNull();
      expect((await a.findHostByTokenHash('rotated-hash'))?.disabled).toBe(false);
      await b.updateHost(h.id, { disabled: true });
      expect((await a.findHostByTokenHash('rotated-hash'))?.disabled).toBe(true);
      await b.deleteHost(h.id);
      expect(await a.findHostByTokenHash('rotated-hash')).toBeNull();
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('a cached host is a copy: changing what a lookup returned changes nothing stored', async () => {
    const store = createStore({ kind: 'sqlite', file: fileOf() }, RETENTION);
    try {
      const h = { ...host(), tags: ['prod'] };
      await store.createHost(h);
      const found = (await store.findHostByTokenHash(h.tokenHash))!;
      found.tags.push('changed');
      found.name = 'changed';
      expect(await store.findHostByTokenHash(h.tokenHash)).toEqual(h);
    } finally {
      await store.close();
    }
  });

  it('rate-limit counts counted in memory reach the file on close: a restarted server continues the window', async () => {
    const file = fileOf();
    const w = 60_000;
    const start = Math.floor(Date.now() / w) * w;
    const first = createStore({ kind: 'sqlite', file }, RETENTION);
    for (let i = 1; i <= 5; i++) expect((await first.hitRateLimit('ingest:h', w, start + i)).count).toBe(i);
    await first.close();
    const again = createStore({ kind: 'sqlite', file }, RETENTION);
    try {
      expect(await again.hitRateLimit('ingest:h', w, start + 10)).toEqual({ count: 6, resetAt: start + w });
      expect(await again.hitRateLimit('ingest:h', w, start + w)).toEqual({ count: 1, resetAt: start + 2 * w });
    } finally {
      await again.close();
    }
  });
});
servicesContract('sqlite', async (retention, limits) => open(path.join(dir, `services-${++n}`, 'hostwatch.db'), retention, limits));
