import { Cluster, Redis } from 'ioredis';

/** One redis-server (its URL) or a Redis Cluster (its nodes' URLs). */
export type RedisTarget = string | string[];

/**
 * A connected ioredis client for fault injection and inspection in tests: a plain client for one server,
 * the Cluster client for a cluster (each key goes to the node serving its slot).
 */
export async function testRedis(target: RedisTarget): Promise<Redis | Cluster> {
  const client = Array.isArray(target)
    ? new Cluster(target.map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port) })), { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } })
    : new Redis(target, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}
