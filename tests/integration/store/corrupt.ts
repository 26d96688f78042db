import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { RedisKeys } from '@/lib/store/redis/keys';

/** Fault injection for the series-limits contract: rollup text as a hostile or broken writer could leave it. */
const GARBAGE = '13,Infinity,2,1,1e999;x;4,-5,1,0,0;7,8';

export function corruptSqliteRollups(file: string, hostId: string): number {
  const db = new Database(file);
  try {
    return db.prepare('UPDATE rollups SET aggs = ? WHERE host = (SELECT seq FROM hosts WHERE id = ?)').run(GARBAGE, hostId).changes;
  } finally {
    db.close();
  }
}

export async function corruptRedisRollups(url: string, prefix: string, hostId: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let changed = 0;
    const keys = new RedisKeys(prefix).allOfHost(hostId, DEFAULT_RETENTION, Date.now()).filter((k) => /\}:r(1m|5m|1h):/.test(k));
    for (const key of keys) {
      for (const field of await redis.hkeys(key)) {
        await redis.hset(key, field, GARBAGE);
        changed++;
      }
    }
    return changed;
  } finally {
    redis.disconnect();
  }
}
