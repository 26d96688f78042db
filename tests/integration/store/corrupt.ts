import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { RedisKeys } from '@/lib/store/redis/keys';

/** Fault injection for the series-limits contract: rollup text as a hostile or broken writer could leave it, and catalogs as older releases left them. */
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

/** The catalog tables as a release before last-seen tracking created them: no seen columns, no next ids. */
export function sqliteAsOlderRelease(file: string): void {
  const db = new Database(file);
  try {
    db.exec('ALTER TABLE series_columns DROP COLUMN seen; ALTER TABLE series_schemas DROP COLUMN seen; DROP TABLE series_next;');
  } finally {
    db.close();
  }
}

/** A host's catalog as a release before last-seen tracking left it: the columns and schemas hashes only. */
export async function redisAsOlderRelease(url: string, prefix: string, hostId: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    await redis.del(new RedisKeys(prefix).catalog(hostId));
  } finally {
    redis.disconnect();
  }
}

export function sqliteColumnIds(file: string, hostId: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[string], { name: string; idx: number }>('SELECT name, idx FROM series_columns WHERE host = (SELECT seq FROM hosts WHERE id = ?)').all(hostId);
    return Object.fromEntries(rows.map((r) => [r.name, r.idx]));
  } finally {
    db.close();
  }
}

export async function redisColumnIds(url: string, prefix: string, hostId: string): Promise<Record<string, number>> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return Object.fromEntries(Object.entries(await redis.hgetall(new RedisKeys(prefix).columns(hostId))).map(([name, idx]) => [name, Number(idx)]));
  } finally {
    redis.disconnect();
  }
}
