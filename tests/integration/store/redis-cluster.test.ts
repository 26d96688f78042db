import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clusterKeySlot from 'cluster-key-slot';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import { RedisKeys } from '@/lib/store/redis/keys';
import type { Store } from '@/lib/store/types';
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster';
import { testRedis } from '../../support/redis-client';
import { storeContract } from './contract';
import { corruptRedisRollups, damageRedisAlert, redisAsOlderRelease, redisColumnIds } from './corrupt';
import { redisOlderHosts } from './older-hosts';
import { seriesLimitsContract } from './series-limits';
import { batch, host, RETENTION, sample } from './sample';

/**
 * Every store port's contract on a three-master Redis Cluster through ioredis's Cluster client (what
 * HOSTWATCH_REDIS_CLUSTER=true makes): each script and transaction stays in one slot, and the reads that
 * span hosts (the fleet) are split by node. No outage case here: the single-server suites cover recovery.
 */
let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});
let n = 0;

/**
 * A store whose cluster client is connected. Getting ready (the slot map, then a connection to each master)
 * is allowed the product's 2 s per command; on a loaded CI machine a cold client can take longer, and how
 * fast it connects is not what these suites test, so the first read is retried until it answers.
 */
async function open(retention: Retention, opts: Parameters<typeof createStore>[2]): Promise<Store> {
  const store = createStore({ kind: 'redis', url: cluster.urls.join(','), cluster: true }, retention, opts);
  for (let attempt = 1; ; attempt++) {
    try {
      await store.getHost('connection-check');
      return store;
    } catch (err) {
      if (attempt === 15) throw err;
    }
  }
}

const prefixes = new Map<object, string>();
storeContract('redis cluster (ioredis Cluster, three masters)', {
  create: async (retention, opts) => {
    const keyPrefix = `c${++n}:`;
    const store = await open(retention, { ...opts, keyPrefix });
    prefixes.set(store, keyPrefix);
    return store;
  },
  damageAlert: (store, target) => damageRedisAlert(cluster.urls, prefixes.get(store)!, target),
  olderHosts: async (retention, hosts) => {
    const keyPrefix = `c${++n}:`;
    await redisOlderHosts(cluster.urls, keyPrefix, hosts);
    return open(retention, { keyPrefix });
  },
});

const opened = new Map<object, { keyPrefix: string; retention: Retention; limits: SeriesLimits }>();
const openLimited = async (keyPrefix: string, retention: Retention, limits: SeriesLimits) => {
  const store = await open(retention, { keyPrefix, limits });
  opened.set(store, { keyPrefix, retention, limits });
  return store;
};
seriesLimitsContract('redis cluster (ioredis Cluster, three masters)', {
  create: async (retention, limits) => openLimited(`cl${++n}:`, retention, limits),
  corruptRollups: (store, hostId) => corruptRedisRollups(cluster.urls, opened.get(store)!.keyPrefix, hostId),
  reopen: async (store, hostId, olderRelease) => {
    const { keyPrefix, retention, limits } = opened.get(store)!;
    await store.close();
    if (olderRelease) await redisAsOlderRelease(cluster.urls, keyPrefix, hostId);
    return openLimited(keyPrefix, retention, limits);
  },
  columnIds: (store, hostId) => redisColumnIds(cluster.urls, opened.get(store)!.keyPrefix, hostId),
});

describe('redis cluster layout', () => {
  it('spreads hosts over the three masters, and the fleet read (which spans them) sees every host with its state', async () => {
    const keyPrefix = `spread${++n}:`;
    const keys = new RedisKeys(keyPrefix);
    const store = await open(RETENTION, { keyPrefix });
    const admin = await testRedis(cluster.urls);
    try {
      const now = Date.now();
      // Twelve random ids miss one of three masters about 2 % of the time: pick four ids per master instead.
      const byOwner = new Map<string, number>();
      const hosts: ReturnType<typeof host>[] = [];
      for (let tries = 0; [...byOwner.values()].filter((n) => n === 4).length < 3; tries++) {
        if (tries > 500) throw new Error('could not find host ids on all three masters');
        const h = host();
        const owner = await nodeOfSlot(admin, clusterKeySlot(keys.state(h.id)));
        const n = byOwner.get(owner) ?? 0;
        if (n === 4) continue;
        byOwner.set(owner, n + 1);
        hosts.push(h);
      }
      for (const h of hosts) {
        await store.createHost(h);
        await store.ingest(h.id, batch([sample(now - 1_000, { cpu: 20 })]), now);
      }
      // Which master serves each host's keys, as the cluster itself says.
      const owners = new Set<string>();
      for (const h of hosts) {
        const slot = clusterKeySlot(keys.state(h.id));
        expect(clusterKeySlot(keys.auth(h.id))).toBe(slot);
        expect(clusterKeySlot(keys.rateLimit(`ingest:${h.id}`))).toBe(slot);
        owners.add(await nodeOfSlot(admin, slot));
      }
      expect(owners.size).toBe(3);
      for (let round = 0; round < 2; round++) {
        const fleet = await store.getFleet();
        expect(fleet.map((e) => e.host.id)).toEqual(hosts.map((h) => h.id));
        expect(fleet.every((e) => e.state?.latest.cpu.total === 20)).toBe(true);
      }
      // One POST is one script on the host's own node.
      const h = hosts[0]!;
      expect(await store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, { max: 10, windowMs: 60_000 }, batch([sample(now - 500)]), now)).toMatchObject({ kind: 'accepted', result: { accepted: 1 } });
    } finally {
      admin.disconnect();
      await store.close();
    }
  });
});

async function nodeOfSlot(admin: Awaited<ReturnType<typeof testRedis>>, slot: number): Promise<string> {
  const ranges = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string]][];
  const range = ranges.find(([lo, hi]) => slot >= lo && slot <= hi);
  if (!range) throw new Error(`no node serves slot ${slot}`);
  return `${range[2][0]}:${range[2][1]}`;
}
