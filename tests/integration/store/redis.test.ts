import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { storeContract } from './contract';
import { corruptRedisRollups, damageRedisAlert } from './corrupt';
import { commitOf, delivery, T } from './alert-fixtures';
import { batch, host, RETENTION, sample } from './sample';
import { seriesLimitsContract } from './series-limits';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
let n = 0;

const prefixes = new Map<object, string>();
storeContract('redis (ioredis over TCP)', {
  // Each store gets its own key prefix on the one private redis-server: an empty namespace.
  create: async (retention, opts) => {
    const keyPrefix = `t${++n}:`;
    const store = createStore({ kind: 'redis', url: server.url }, retention, { ...opts, keyPrefix });
    prefixes.set(store, keyPrefix);
    return store;
  },
  outage: { stop: () => server.kill('SIGKILL'), start: () => server.restart() },
  damageAlert: (store, target) => damageRedisAlert(server.url, prefixes.get(store)!, target),
});

seriesLimitsContract('redis (ioredis over TCP)', {
  create: async (retention, limits) => {
    const keyPrefix = `l${++n}:`;
    const store = createStore({ kind: 'redis', url: server.url }, retention, { keyPrefix, limits });
    prefixes.set(store, keyPrefix);
    return store;
  },
  corruptRollups: (store, hostId) => corruptRedisRollups(server.url, prefixes.get(store)!, hostId),
});

describe('two server instances on one Redis', () => {
  it('plan from their own view of a host’s series: a stale view is refused by the script, read again, and nothing is lost or mislabelled', async () => {
    const keyPrefix = `two${++n}:`;
    const a = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    const b = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    try {
      const h = host();
      await a.createHost(h);
      const now = Date.now();
      // Each instance adds filesystems the other has not seen; both keep planning from what they last knew.
      await a.ingest(h.id, batch([sample(now - 4_000, { filesystems: { '/': 10 } })]), now);
      await b.ingest(h.id, batch([sample(now - 3_000, { filesystems: { '/': 11, '/b': 20 } })]), now);
      await a.ingest(h.id, batch([sample(now - 2_000, { filesystems: { '/': 12, '/a': 30 } })]), now);
      await b.ingest(h.id, batch([sample(now - 1_000, { filesystems: { '/': 13, '/a': 31, '/b': 21 } })]), now);
      const rows = await a.readSeries(h.id, 'raw', ['fs:/', 'fs:/a', 'fs:/b'], now - HOUR, now, now);
      expect(rows.map((r) => [r.values['fs:/']?.avg, r.values['fs:/a']?.avg, r.values['fs:/b']?.avg])).toEqual([
        [10, undefined, undefined],
        [11, undefined, 20],
        [12, 30, undefined],
        [13, 31, 21],
      ]);
      expect((await b.listSeriesNames(h.id)).filter((s) => s.startsWith('fs:')).sort()).toEqual(['fs:/', 'fs:/a', 'fs:/b']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('two server instances on one Redis: alert queue and leases', () => {
  it('claim concurrently and never get the same delivery; one of them holds the tick lease', async () => {
    const keyPrefix = `twoq${++n}:`;
    const a = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    const b = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    try {
      const all = Array.from({ length: 40 }, (_, i) => delivery({ dueAt: T - i }));
      await a.alerts.commit(commitOf({ deliveries: all }));
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).alerts.claimDeliveries(T, 30_000, 6)));
      const got = claims.flat().map((d) => d.id);
      expect(new Set(got).size).toBe(got.length);
      expect(got.sort()).toEqual(all.map((d) => d.id).sort());
      expect(claims.filter((_, i) => i % 2).flat().length).toBeGreaterThan(0);
      expect(claims.filter((_, i) => i % 2 === 0).flat().length).toBeGreaterThan(0);
      const leases = await Promise.all([a.alerts.acquireLease('tick', 'a', 30_000, T), b.alerts.acquireLease('tick', 'b', 30_000, T)]);
      expect(leases.filter(Boolean)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
