import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import type { SeriesLimits } from '@/lib/metrics/registry';
import { DAY, HOUR, type Retention } from '@/lib/metrics/tiers';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startUpstashBridge, type UpstashBridge } from '../../support/upstash-bridge';
import { storeContract } from './contract';
import { corruptRedisRollups, damageRedisAlert, redisAsOlderRelease, redisColumnIds } from './corrupt';
import { redisOlderHosts } from './older-hosts';
import { seriesLimitsContract } from './series-limits';
import { servicesContract } from './services-contract';
import { devicesContract } from './devices-contract';
import { batch, host, sample } from './sample';

let server: RedisServer;
let bridge: UpstashBridge;
beforeAll(async () => {
  server = await startRedisServer();
  bridge = await startUpstashBridge(server.url);
});
afterAll(async () => {
  await bridge?.stop();
  await server?.stop();
});
let n = 0;

const prefixes = new Map<object, string>();
storeContract('upstash (@upstash/redis over REST)', {
  create: async (retention, opts) => {
    const keyPrefix = `u${++n}:`;
    const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, retention, { ...opts, keyPrefix });
    prefixes.set(store, keyPrefix);
    return store;
  },
  outage: { stop: () => server.kill('SIGKILL'), start: () => server.restart() },
  // The bridge stores in the private redis-server: damage it there, as a broken writer would.
  damageAlert: (store, target) => damageRedisAlert(server.url, prefixes.get(store)!, target),
  olderHosts: async (retention, hosts) => {
    const keyPrefix = `u${++n}:`;
    await redisOlderHosts(server.url, keyPrefix, hosts);
    return createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, retention, { keyPrefix });
  },
});

const opened = new Map<object, { keyPrefix: string; retention: Retention; limits: SeriesLimits }>();
const openLimited = (keyPrefix: string, retention: Retention, limits: SeriesLimits) => {
  const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, retention, { keyPrefix, limits });
  opened.set(store, { keyPrefix, retention, limits });
  return store;
};
seriesLimitsContract('upstash (@upstash/redis over REST)', {
  create: async (retention, limits) => openLimited(`ul${++n}:`, retention, limits),
  // The bridge stores in the private redis-server: damage it there, as a broken writer would.
  corruptRollups: (store, hostId) => corruptRedisRollups(server.url, opened.get(store)!.keyPrefix, hostId),
  reopen: async (store, hostId, olderRelease) => {
    const { keyPrefix, retention, limits } = opened.get(store)!;
    await store.close();
    if (olderRelease) await redisAsOlderRelease(server.url, keyPrefix, hostId);
    return openLimited(keyPrefix, retention, limits);
  },
  columnIds: (store, hostId) => redisColumnIds(server.url, opened.get(store)!.keyPrefix, hostId),
});
devicesContract('upstash (@upstash/redis over REST)', async (retention, limits) => openLimited(`ud${++n}:`, retention, limits));

describe('upstash bridge and cost', () => {
  const retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };

  it('refuses a wrong token with 401, and the store reports it as unavailable', async () => {
    const res = await fetch(bridge.url, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '["PING"]' });
    expect(res.status).toBe(401);
    const bad = createStore({ kind: 'upstash', url: bridge.url, token: 'nope' }, retention);
    await expect(bad.ping()).rejects.toMatchObject({ name: 'StoreUnavailableError' });
  });

  it('costs one command per ingest call, whatever the batch size; the lookup path (older tokens) adds one each for token lookup and rate limit', async () => {
    const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, retention, { keyPrefix: 'cost:' });
    const h = host();
    await store.createHost(h);
    const now = Date.now();
    // The first use of each script costs one more request (EVALSHA answered NOSCRIPT, then EVAL); the steady state is measured.
    await store.ingest(h.id, batch([sample(now - 60_000)]), now);
    await store.hitRateLimit(`ingest:${h.id}`, 60_000, now);
    for (const size of [2, 50]) {
      const before = bridge.requests;
      const commands = [...bridge.commandCounts.values()].reduce((a, b) => a + b, 0);
      await store.findHostByTokenHash(h.tokenHash);
      await store.hitRateLimit(`ingest:${h.id}`, 60_000, now);
      const samples = Array.from({ length: size }, (_, i) => sample(now - HOUR + size * 10_000 + i * 1_000));
      expect((await store.ingest(h.id, batch(samples), now)).accepted).toBe(size);
      expect(bridge.requests - before).toBe(3);
      expect([...bridge.commandCounts.values()].reduce((a, b) => a + b, 0) - commands).toBe(3);
    }
    await store.close();
  });

  it('gives up on a REST front that accepts and never answers: StoreUnavailableError, and the abandoned request is closed', async () => {
    const held: http.ServerResponse[] = [];
    let closed!: () => void;
    const gone = new Promise<void>((resolve) => (closed = resolve));
    const silent = http.createServer((req, res) => {
      held.push(res);
      req.on('close', () => closed());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const store = createStore({ kind: 'upstash', url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token: 't' }, retention);
    try {
      await expect(store.ping()).rejects.toMatchObject({ name: 'StoreUnavailableError' });
      await gone;
    } finally {
      await store.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reads the fleet (hosts and every state) in one request once it knows the host ids', async () => {
    const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, retention, { keyPrefix: 'fleet:' });
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      const h = host();
      await store.createHost(h);
      await store.ingest(h.id, batch([sample(now - 1_000)]), now);
    }
    await store.getFleet(); // learns the ids
    let before = bridge.requests;
    const fleet = await store.getFleet();
    expect(fleet.map((e) => e.state !== null)).toEqual([true, true, true]);
    expect(bridge.requests - before).toBe(1);
    await store.createHost(host()); // a host the last read did not see costs one more request, once
    before = bridge.requests;
    expect(await store.getFleet()).toHaveLength(4);
    expect(bridge.requests - before).toBe(2);
    before = bridge.requests;
    await store.getFleet();
    expect(bridge.requests - before).toBe(1);
    await store.close();
  });
});
servicesContract('upstash (@upstash/redis over REST)', async (retention, limits) => openLimited(`us${++n}:`, retention, limits));
