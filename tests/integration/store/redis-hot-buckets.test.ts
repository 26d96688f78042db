import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store, TierName } from '@/lib/store/types';
import { ioredisPort } from '@/lib/store/redis/ioredis-port';
import { RedisKeys } from '@/lib/store/redis/keys';
import { RedisMetrics } from '@/lib/store/redis/metrics';
import type { RedisReply } from '@/lib/store/redis/port';
import { scriptRunner } from '@/lib/store/redis/script-runner';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { batch, host, minuteStart, RETENTION, sample } from './sample';
import { twoInstances } from './redis-instances';

/**
 * The rollup merges a server process makes itself and offers the ingest script (lib/store/redis/hot-buckets.ts):
 * taken only while the stored bucket is what the process believes, merged by the script otherwise.
 */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
let n = 0;

const ROLLUPS: TierName[] = ['1m', '5m', '1h'];
/** The one bucket of each rollup tier that holds `at`: avg, min and max of cpu.total. */
async function buckets(store: Store, hostId: string, at: number, now: number) {
  const out: Record<string, unknown> = {};
  for (const tier of ROLLUPS) {
    const rows = await store.readSeries(hostId, tier, ['cpu.total'], at - 2 * 3_600_000, now, now);
    out[tier] = rows.map((r) => r.values['cpu.total']);
  }
  return out;
}

describe('rollup merges offered by the server process (Redis)', () => {
  it('two instances taking turns on one host, each sometimes with a stale belief: every bucket holds every sample once', async () => {
    const keyPrefix = `hot${++n}:`;
    const { a, b, close } = twoInstances(server.url, keyPrefix);
    try {
      const h = host();
      await a.createHost(h);
      const now = Date.now();
      const t0 = minuteStart(now) - 10 * MINUTE;
      // a a b a a b b a: runs on one instance (its belief holds) and switches (the other wrote since).
      const turns = [a, a, b, a, a, b, b, a];
      for (const [i, store] of turns.entries()) {
        const result = await store.ingest(h.id, batch([sample(t0 + i * 5_000, { cpu: 10 + i })]), now);
        expect(result.accepted).toBe(1);
      }
      const expected = [{ avg: 13.5, min: 10, max: 17 }];
      expect(await buckets(a, h.id, t0, now)).toEqual({ '1m': expected, '5m': expected, '1h': expected });
      expect(await buckets(b, h.id, t0, now)).toEqual(await buckets(a, h.id, t0, now));
    } finally {
      await close();
    }
  });

  it('a batch holding one time twice stores and counts it once, as the script merges such a batch itself', async () => {
    const store = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix: `hot${++n}:` });
    try {
      const h = host();
      await store.createHost(h);
      const now = Date.now();
      const t = minuteStart(now) - 5 * MINUTE;
      // Warm the process's belief first, so an offer would be made if the batch allowed one.
      expect((await store.ingest(h.id, batch([sample(t, { cpu: 10 })]), now)).accepted).toBe(1);
      const twice = await store.ingest(h.id, batch([sample(t + 1_000, { cpu: 20 }), sample(t + 1_000, { cpu: 90 })]), now);
      expect(twice).toMatchObject({ accepted: 1, duplicates: 1 });
      const again = await store.ingest(h.id, batch([sample(t + 1_000, { cpu: 90 }), sample(t + 2_000, { cpu: 30 })]), now);
      expect(again).toMatchObject({ accepted: 1, duplicates: 1 });
      const expected = [{ avg: 20, min: 10, max: 30 }];
      expect(await buckets(store, h.id, t, now)).toEqual({ '1m': expected, '5m': expected, '1h': expected });
    } finally {
      await store.close();
    }
  });

  it('a bucket rewritten behind the process (another writer, a repair) is merged into as stored, never overwritten from the belief', async () => {
    const keyPrefix = `hot${++n}:`;
    const store = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    const admin = ioredisPort(server.url);
    try {
      const h = host();
      await store.createHost(h);
      const now = Date.now();
      const t = minuteStart(now) - 5 * MINUTE;
      await store.ingest(h.id, batch([sample(t, { cpu: 10 })]), now);
      // Another writer leaves the 1m bucket holding a second sample of 50 % (cpu.total stored in hundredths).
      const redisKeys = new RedisKeys(keyPrefix);
      const col = (await admin.call(['HGET', redisKeys.columns(h.id), 'cpu.total'])) as string;
      const keys = redisKeys.allOfHost(h.id, RETENTION, now).filter((k) => k.includes(':r1m:'));
      let rewritten = 0;
      for (const key of keys) {
        const fields = (await admin.call(['HKEYS', key])) as string[];
        for (const field of fields) {
          const text = (await admin.call(['HGET', key, field])) as string;
          const entries = text.split(';').map((e) => (e.startsWith(`${col},`) ? `${col},6000,2,1000,5000` : e));
          await admin.call(['HSET', key, field, entries.join(';')]);
          rewritten++;
        }
      }
      expect(rewritten).toBe(1);
      await store.ingest(h.id, batch([sample(t + 1_000, { cpu: 30 })]), now);
      const rows = await store.readSeries(h.id, '1m', ['cpu.total'], t - MINUTE, now, now);
      expect(rows.map((r) => r.values['cpu.total'])).toEqual([{ avg: 30, min: 10, max: 50 }]);
    } finally {
      await store.close();
      await admin.close();
    }
  });

  it('once the belief holds, the script writes the offered merge and formats nothing; after a miss it answers what it wrote', async () => {
    const keyPrefix = `hot${++n}:`;
    const port = ioredisPort(server.url);
    const other = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    const replies: RedisReply[][] = [];
    const run = scriptRunner(port);
    const metrics = new RedisMetrics(port, new RedisKeys(keyPrefix), RETENTION, async (script, keys, args) => {
      const reply = (await run(script, keys, args)) as RedisReply[];
      replies.push(reply);
      return reply;
    });
    const written = () => replies.at(-1)![4] as RedisReply[];
    const texts = () => written().filter((_, i) => i % 2 === 1);
    try {
      const h = host();
      await other.createHost(h);
      const now = Date.now();
      const t = minuteStart(now) - 5 * MINUTE;
      await metrics.ingest(h.id, batch([sample(t, { cpu: 10 })]), now);
      // A new host: every bucket is absent, as a fresh process believes: its merges are taken.
      expect(texts()).toEqual(['', '', '']);
      await metrics.ingest(h.id, batch([sample(t + 1_000, { cpu: 20 })]), now);
      expect(texts()).toEqual(['', '', '']);
      await other.ingest(h.id, batch([sample(t + 2_000, { cpu: 30 })]), now);
      await metrics.ingest(h.id, batch([sample(t + 3_000, { cpu: 40 })]), now);
      // The other instance wrote in between: the script merged each bucket and answers its text...
      const col = (await port.call(['HGET', new RedisKeys(keyPrefix).columns(h.id), 'cpu.total'])) as string;
      expect(texts().every((x) => typeof x === 'string' && x.split(';').includes(`${col},10000,4,1000,4000`))).toBe(true);
      await metrics.ingest(h.id, batch([sample(t + 4_000, { cpu: 50 })]), now);
      // ...which the process believes from then on.
      expect(texts()).toEqual(['', '', '']);
      expect((await other.readSeries(h.id, '5m', ['cpu.total'], t - HOUR, now, now)).map((r) => r.values['cpu.total'])).toEqual([{ avg: 30, min: 10, max: 50 }]);
    } finally {
      await other.close();
      await port.close();
    }
  });
});
