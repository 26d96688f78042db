import { afterAll, beforeAll } from 'vitest';
import { createStore } from '@/lib/store';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { storeContract } from './contract';
import { corruptRedisRollups } from './corrupt';
import { seriesLimitsContract } from './series-limits';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
let n = 0;

storeContract('redis (ioredis over TCP)', {
  // Each store gets its own key prefix on the one private redis-server: an empty namespace.
  create: async (retention) => createStore({ kind: 'redis', url: server.url }, retention, { keyPrefix: `t${++n}:` }),
  outage: { stop: () => server.kill('SIGKILL'), start: () => server.restart() },
});

const prefixes = new Map<object, string>();
seriesLimitsContract('redis (ioredis over TCP)', {
  create: async (retention, limits) => {
    const keyPrefix = `l${++n}:`;
    const store = createStore({ kind: 'redis', url: server.url }, retention, { keyPrefix, limits });
    prefixes.set(store, keyPrefix);
    return store;
  },
  corruptRollups: (store, hostId) => corruptRedisRollups(server.url, prefixes.get(store)!, hostId),
});
