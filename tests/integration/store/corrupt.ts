import Database from 'better-sqlite3';
import { testRedis, type RedisTarget } from '../../support/redis-client';
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

export async function corruptRedisRollups(url: RedisTarget, prefix: string, hostId: string): Promise<number> {
  const redis = await testRedis(url);
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
export async function redisAsOlderRelease(url: RedisTarget, prefix: string, hostId: string): Promise<void> {
  const redis = await testRedis(url);
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

export async function redisColumnIds(url: RedisTarget, prefix: string, hostId: string): Promise<Record<string, number>> {
  const redis = await testRedis(url);
  try {
    return Object.fromEntries(Object.entries(await redis.hgetall(new RedisKeys(prefix).columns(hostId))).map(([name, idx]) => [name, Number(idx)]));
  } finally {
    redis.disconnect();
  }
}

/** One stored alert record to damage: a rule, a state (by its key) or an event. */
export type AlertDamage =
  | { kind: 'rule'; id: string }
  | { kind: 'state'; ruleId: string; hostId: string; entity: string }
  | { kind: 'event'; id: string };

const NOT_JSON = '{"id": cut off';

export function damageSqliteAlert(file: string, target: AlertDamage): void {
  const db = new Database(file);
  try {
    const changes =
      target.kind === 'rule'
        ? db.prepare('UPDATE alert_rules SET data = ? WHERE id = ?').run(NOT_JSON, target.id).changes
        : target.kind === 'event'
          ? db.prepare('UPDATE alert_events SET data = ? WHERE id = ?').run(NOT_JSON, target.id).changes
          : db.prepare('UPDATE alert_states SET data = ? WHERE rule_id = ? AND host_id = ? AND entity = ?').run(NOT_JSON, target.ruleId, target.hostId, target.entity).changes;
    if (changes !== 1) throw new Error(`no stored alert ${target.kind} to damage`);
  } finally {
    db.close();
  }
}

export async function damageRedisAlert(url: RedisTarget, prefix: string, target: AlertDamage): Promise<void> {
  const redis = await testRedis(url);
  try {
    const k = new RedisKeys(prefix).alerts();
    const [hash, field] =
      target.kind === 'rule'
        ? [k.rules, target.id]
        : target.kind === 'event'
          ? [k.events, target.id]
          : [k.states(target.hostId), `${target.ruleId}\u0000${target.hostId}\u0000${target.entity}`];
    if ((await redis.hexists(hash, field)) !== 1) throw new Error(`no stored alert ${target.kind} to damage`);
    await redis.hset(hash, field, NOT_JSON);
  } finally {
    redis.disconnect();
  }
}
