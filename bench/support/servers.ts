import path from 'node:path';
import { Redis } from 'ioredis';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { staleBuildReason } from '../../tests/support/build-freshness';
import { startNextServer, type NextServer } from '../../tests/support/next-server';
import { startRedisServer, type RedisServer } from '../../tests/support/redis-server';

/**
 * One benchmark target: its own `next start` on a free port with a fresh data
 * directory (SQLite) or its own redis-server (Redis, and Upstash through the
 * test bridge in front of that redis-server), plus a direct store handle for
 * seeding data and a Redis handle for INFO commandstats.
 */
export type BenchStoreKind = 'sqlite' | 'redis' | 'upstash';

export interface BenchTarget {
  kind: BenchStoreKind;
  server: NextServer;
  store: Store;
  redis?: RedisServer;
  /**
   * Command counters, or null on SQLite: `sent` is what the app sent (the Upstash bridge counts each REST
   * command, which is what Upstash bills; null on plain Redis), `executed` is the redis-server's INFO
   * commandstats by command, where commands a Lua script runs count too.
   */
  commandCounts(): Promise<{ sent: number | null; executed: Record<string, number> } | null>;
  stop(): Promise<void>;
}

/** BENCH_STORE: sqlite, redis, upstash, a comma list, `both` (sqlite,redis) or `all`. */
export function storeKinds(fallback: string): BenchStoreKind[] {
  const raw = process.env.BENCH_STORE ?? fallback;
  const kinds = (raw === 'all' ? 'sqlite,redis,upstash' : raw === 'both' ? 'sqlite,redis' : raw).split(',').map((s) => s.trim());
  for (const k of kinds) if (!['sqlite', 'redis', 'upstash'].includes(k)) throw new Error(`BENCH_STORE: unknown store "${k}" (use sqlite, redis, upstash, both or all)`);
  return kinds as BenchStoreKind[];
}

export function parseCommandstats(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[m[1]!] = Number(m[2]);
  return calls;
}

/** Refuses to measure without a production build, or with one older than the code (build-freshness.ts). */
export function requireBuild(): void {
  const stale = staleBuildReason();
  if (stale) {
    console.error(`${stale}: run \`npm run build\` first`);
    process.exit(1);
  }
}

/** The Upstash REST bridge (tests/support/upstash-bridge.ts) in front of the bench's redis-server. */
async function startBridge(redisUrl: string) {
  const { startUpstashBridge } = await import('../../tests/support/upstash-bridge');
  return startUpstashBridge(redisUrl);
}

export async function startTarget(kind: BenchStoreKind, env: Record<string, string> = {}): Promise<BenchTarget> {
  if (kind === 'sqlite') {
    const server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ...env });
    const store = createStore({ kind: 'sqlite', file: path.join(server.dataDir, 'hostwatch.db') }, DEFAULT_RETENTION);
    return {
      kind,
      server,
      store,
      commandCounts: async () => null,
      async stop() {
        await store.close();
        await server.stop();
      },
    };
  }
  const redis = await startRedisServer();
  const admin = new Redis(redis.url, { lazyConnect: false });
  const bridge = kind === 'upstash' ? await startBridge(redis.url) : null;
  const storeEnv: Record<string, string> = bridge
    ? { HOSTWATCH_STORE: 'upstash', KV_REST_API_URL: bridge.url, KV_REST_API_TOKEN: bridge.token }
    : { HOSTWATCH_STORE: 'redis', REDIS_URL: redis.url };
  const server = await startNextServer({ ...storeEnv, ...env });
  const store = createStore({ kind: 'redis', url: redis.url }, DEFAULT_RETENTION);
  return {
    kind,
    server,
    store,
    redis,
    commandCounts: async () => ({
      sent: bridge ? [...bridge.commandCounts.values()].reduce((a, b) => a + b, 0) : null,
      executed: parseCommandstats(await admin.info('commandstats')),
    }),
    async stop() {
      await store.close();
      await server.stop();
      await bridge?.stop();
      admin.disconnect();
      await redis.stop();
    },
  };
}

/** Resident memory and CPU time of the server process so far, from /proc. */
export async function processStats(pid: number): Promise<{ rssMb: number; cpuSeconds: number }> {
  const { readFileSync } = await import('node:fs');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssMb: Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024), cpuSeconds: ticks / 100 };
}
