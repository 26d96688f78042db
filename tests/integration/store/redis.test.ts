import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { DAY, DEFAULT_RETENTION, HOUR, type Retention, type TierName } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { createStore } from '@/lib/store';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { storeContract } from './contract';
import { corruptRedisRollups, damageRedisAlert, redisAsOlderRelease, redisColumnIds } from './corrupt';
import { commitOf, delivery, T } from './alert-fixtures';
import { batch, host, sample } from './sample';
import { redisOlderHosts } from './older-hosts';
import { seriesLimitsContract } from './series-limits';
import { servicesContract } from './services-contract';
import { devicesContract } from './devices-contract';
import { twoInstances } from './redis-instances';

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
  olderHosts: async (retention, hosts) => {
    const keyPrefix = `t${++n}:`;
    await redisOlderHosts(server.url, keyPrefix, hosts);
    return createStore({ kind: 'redis', url: server.url }, retention, { keyPrefix });
  },
});

const opened = new Map<object, { keyPrefix: string; retention: Retention; limits: SeriesLimits }>();
const openLimited = (keyPrefix: string, retention: Retention, limits: SeriesLimits) => {
  const store = createStore({ kind: 'redis', url: server.url }, retention, { keyPrefix, limits });
  opened.set(store, { keyPrefix, retention, limits });
  return store;
};
seriesLimitsContract('redis (ioredis over TCP)', {
  create: async (retention, limits) => openLimited(`l${++n}:`, retention, limits),
  corruptRollups: (store, hostId) => corruptRedisRollups(server.url, opened.get(store)!.keyPrefix, hostId),
  reopen: async (store, hostId, olderRelease) => {
    const { keyPrefix, retention, limits } = opened.get(store)!;
    await store.close();
    if (olderRelease) await redisAsOlderRelease(server.url, keyPrefix, hostId);
    return openLimited(keyPrefix, retention, limits);
  },
  columnIds: (store, hostId) => redisColumnIds(server.url, opened.get(store)!.keyPrefix, hostId),
});
devicesContract('redis (ioredis over TCP)', async (retention, limits) => openLimited(`d${++n}:`, retention, limits));

describe('two server instances on one Redis', () => {
  it('plan from their own view of a host’s series: a stale view is refused by the script, read again, and nothing is lost or mislabelled', async () => {
    const keyPrefix = `two${++n}:`;
    const { a, b, close } = twoInstances(server.url, keyPrefix);
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
      await close();
    }
  });

  // Two filesystems at most, so each case is a few batches; both instances read the host at t0 and then plan from what they know.
  const pair = async () => {
    const keyPrefix = `ev${++n}:`;
    const opts = { keyPrefix, limits: { ...DEFAULT_SERIES_LIMITS, filesystems: 2 } };
    const a = createStore({ kind: 'redis', url: server.url }, DEFAULT_RETENTION, opts);
    const b = createStore({ kind: 'redis', url: server.url }, DEFAULT_RETENTION, opts);
    const h = host();
    await a.createHost(h);
    const t0 = Date.now() - (Date.now() % HOUR) - 3 * DAY;
    await a.ingest(h.id, batch([sample(t0 - 2_000, { filesystems: { '/x': 10, '/y': 20 } })]), t0);
    await b.ingest(h.id, batch([sample(t0 - 1_000, { filesystems: { '/x': 11, '/y': 21 } })]), t0);
    return { a, b, h, t0, close: () => Promise.all([a.close(), b.close()]) };
  };
  const values = async (store: Store, hostId: string, name: string, tier: TierName, from: number, now: number) =>
    (await store.readSeries(hostId, tier, [name], from, now, now)).map((r) => r.values[name]!.avg);

  it('an eviction on one instance refuses the other’s stale plan: the evicted name is new again there, never written under its old id', async () => {
    const { a, b, h, t0, close } = await pair();
    try {
      await b.ingest(h.id, batch([sample(t0 + 2 * HOUR, { filesystems: { '/y': 22 } })]), t0 + 2 * HOUR);
      const later = t0 + 26 * HOUR;
      // a evicts /x (unseen for 26 hours) for /z; b still maps /x to its old column.
      await a.ingest(h.id, batch([sample(later - 2_000, { filesystems: { '/y': 23, '/z': 30 } })]), later);
      await b.ingest(h.id, batch([sample(later - 1_000, { filesystems: { '/x': 12, '/y': 24 } })]), later);
      expect((await b.listSeriesNames(h.id)).filter((s) => s.startsWith('fs:')).sort()).toEqual(['fs:/y', 'fs:/z']);
      expect(await b.getHostState(h.id)).toMatchObject({ capped: { series: ['filesystems'], at: later } });
      for (const tier of ['raw', '1m', '1h'] as const) {
        expect(await values(a, h.id, 'fs:/x', tier, t0 - HOUR, later), tier).toEqual([]);
        expect(await values(a, h.id, 'fs:/z', tier, t0 - HOUR, later), tier).toEqual([30]);
      }
      expect(await values(b, h.id, 'fs:/y', 'raw', later - HOUR, later)).toEqual([23, 24]);
    } finally {
      await close();
    }
  });

  it('a stale view never evicts an entity another instance has just seen: the script checks the stored seen hour', async () => {
    const { a, b, h, t0, close } = await pair();
    try {
      const later = t0 + 26 * HOUR;
      // a sees /x and /y again (seen hours only: no catalog change, no version bump); b still thinks both unseen since t0.
      await a.ingest(h.id, batch([sample(later - 2_000, { filesystems: { '/x': 12, '/y': 22 } })]), later);
      await b.ingest(h.id, batch([sample(later - 1_000, { filesystems: { '/z': 30 } })]), later);
      expect((await a.listSeriesNames(h.id)).filter((s) => s.startsWith('fs:')).sort()).toEqual(['fs:/x', 'fs:/y']);
      expect(await a.getHostState(h.id)).toMatchObject({ capped: { series: ['filesystems'], at: later } });
      expect(await values(b, h.id, 'fs:/x', 'raw', later - HOUR, later)).toEqual([12]);
      expect(await values(b, h.id, 'fs:/x', '1h', t0 - HOUR, later)).toEqual([10.5, 12]);
      expect(await values(b, h.id, 'fs:/z', '1h', t0 - HOUR, later)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('two server instances on one Redis: alert queue and leases', () => {
  it('claim concurrently and never get the same delivery; one of them holds the tick lease', async () => {
    const keyPrefix = `twoq${++n}:`;
    const { a, b, close } = twoInstances(server.url, keyPrefix);
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
      await close();
    }
  });
});

describe('two-factor replay protection across two server instances on one Redis', () => {
  it('lets exactly one of many concurrent claims of a step, and of a recovery code, win whichever instance makes it', async () => {
    const keyPrefix = `tfa${++n}:`;
    const { a, b, close } = twoInstances(server.url, keyPrefix);
    try {
      const code = 'c'.repeat(64);
      await a.putTwoFactor({ userId: 'u1', sealedSecret: 'v1.x', enabled: true, lastStep: 41, recoveryHashes: [code], createdAt: 1, enabledAt: 2 });
      for (const step of [42, 43, 44]) {
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimTotpStep('u1', step)));
        expect(claims.filter(Boolean)).toHaveLength(1);
      }
      expect((await b.getTwoFactor('u1'))?.lastStep).toBe(44);
      const uses = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).useRecoveryCode('u1', code)));
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect((await a.getTwoFactor('u1'))?.recoveryHashes).toEqual([]);
    } finally {
      await close();
    }
  });
});
servicesContract('redis (ioredis over TCP)', async (retention, limits) => openLimited(`s${++n}:`, retention, limits));
