import Database from 'better-sqlite3';
import { testRedis, type RedisTarget } from '../../support/redis-client';
import { RedisKeys } from '@/lib/store/redis/keys';
import type { HostRecord } from '@/lib/store/types';

/**
 * Host records as a release from before unique host names wrote them, for the
 * records contract's upgrade case: no name key, so names may repeat.
 */

/** On a SQLite file this release has created: the name-key column and index go, the rows go in as the old INSERT did. */
export function sqliteOlderHosts(file: string, hosts: HostRecord[]): void {
  const db = new Database(file);
  try {
    db.exec('DROP INDEX hosts_name_key; ALTER TABLE hosts DROP COLUMN name_key;');
    const ins = db.prepare('INSERT INTO hosts (id, name, tags, token_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const h of hosts) ins.run(h.id, h.name, JSON.stringify(h.tags), h.tokenHash, h.disabled ? 1 : 0, h.createdAt);
  } finally {
    db.close();
  }
}

/** In a Redis key space: the record under `id:` and its token copy, as the old HSET wrote them, and nothing else. */
export async function redisOlderHosts(url: RedisTarget, prefix: string, hosts: HostRecord[]): Promise<void> {
  const redis = await testRedis(url);
  try {
    for (const h of hosts) await redis.hset(new RedisKeys(prefix).hosts(), `id:${h.id}`, JSON.stringify(h), `tok:${h.tokenHash}`, JSON.stringify(h));
  } finally {
    redis.disconnect();
  }
}
