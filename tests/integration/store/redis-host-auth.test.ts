import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createStore } from '@/lib/store';
import { HOLD_AUTH, SYNC_AUTH } from '@/lib/store/redis/host-auth';
import { RedisKeys } from '@/lib/store/redis/keys';
import { UPDATE_HOST } from '@/lib/store/redis/record-scripts';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { batch, host, RETENTION, sample } from './sample';
import { twoInstances } from './redis-instances';

/**
 * The host's copy of its credentials (lib/store/redis/host-auth.ts) when a writer dies half-way: a rotation
 * that held the copy and changed the record but never synced it must still bind at once, and the next
 * live update brings the one-command path back. Fault injection: the first two steps of updateHost run by
 * hand, the third never.
 */
let server: RedisServer;
let raw: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});
afterAll(async () => {
  raw?.disconnect();
  await server?.stop();
});

describe('redis host credentials copy', () => {
  it('a rotation cut off after its record write still refuses the old token and admits the new one; the next update re-enables the copy', async () => {
    const keyPrefix = 'hold:';
    const keys = new RedisKeys(keyPrefix);
    const store = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    try {
      const h = host();
      await store.createHost(h);
      const now = Date.now();
      const limit = { max: 100, windowMs: 60_000 };
      const old = { hostId: h.id, tokenHash: h.tokenHash };
      expect(await store.ingestAsHost(old, limit, batch([sample(now - 3_000)]), now)).toMatchObject({ kind: 'accepted' });
      expect(await raw.hget(keys.auth(h.id), 't')).toBe(h.tokenHash);

      // The writer holds the copy and rotates the record, then dies before it syncs.
      const rotated = '9'.repeat(64);
      await raw.eval(HOLD_AUTH.source, 1, keys.auth(h.id), 'dead-writer');
      await raw.eval(UPDATE_HOST.source, 1, keys.hosts(), h.id, 'tok:', 'tokenHash', '', 'tokenHash', JSON.stringify(rotated));
      expect(await store.ingestAsHost(old, limit, batch([sample(now - 2_000)]), now)).toEqual({ kind: 'refused' });
      const fresh = { hostId: h.id, tokenHash: rotated };
      expect(await store.ingestAsHost(fresh, limit, batch([sample(now - 2_000)]), now)).toMatchObject({ kind: 'accepted', host: { tokenHash: rotated } });
      expect(await raw.hget(keys.auth(h.id), 't')).toBe('');

      // A live update holds and syncs in full: the copy names the newest token again.
      await store.updateHost(h.id, { tags: ['after'] });
      expect(await raw.hmget(keys.auth(h.id), 't', 'n')).toEqual([rotated, null]);
      expect(await store.ingestAsHost(fresh, limit, batch([sample(now - 1_000)]), now)).toMatchObject({ kind: 'accepted', host: { tags: ['after'] } });
      expect(await store.ingestAsHost(old, limit, null, now)).toEqual({ kind: 'refused' });
    } finally {
      await store.close();
    }
  });

  it('a deleted host’s copy stays buried: an update racing the deletion cannot enable its token again', async () => {
    const keyPrefix = 'bury:';
    const keys = new RedisKeys(keyPrefix);
    const store = createStore({ kind: 'redis', url: server.url }, RETENTION, { keyPrefix });
    try {
      const h = host();
      await store.createHost(h);
      await store.deleteHost(h.id);
      // A sync that was already on its way (a newer version of the record, no hold of its own) lands after the deletion.
      await raw.eval(SYNC_AUTH.source, 1, keys.auth(h.id), '99', h.tokenHash, '0', JSON.stringify(h), '');
      expect(await raw.hmget(keys.auth(h.id), 't', 'n')).toEqual(['', '!deleted']);
      expect(await raw.pttl(keys.auth(h.id))).toBeGreaterThan(0);
      expect(await store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, { max: 10, windowMs: 60_000 }, null, Date.now())).toEqual({ kind: 'refused' });
    } finally {
      await store.close();
    }
  });

  it('two instances on one Redis: a rotation or disabling through one binds on the other’s next POST', async () => {
    const keyPrefix = 'pair:';
    const { a, b, close } = twoInstances(server.url, keyPrefix);
    try {
      const h = host();
      await a.createHost(h);
      const now = Date.now();
      const limit = { max: 100, windowMs: 60_000 };
      expect(await b.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit, batch([sample(now - 3_000)]), now)).toMatchObject({ kind: 'accepted' });
      const rotated = '7'.repeat(64);
      await a.updateHost(h.id, { tokenHash: rotated });
      expect(await b.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit, batch([sample(now - 2_000)]), now)).toEqual({ kind: 'refused' });
      expect(await b.ingestAsHost({ hostId: h.id, tokenHash: rotated }, limit, batch([sample(now - 2_000)]), now)).toMatchObject({ kind: 'accepted' });
      await a.updateHost(h.id, { disabled: true });
      expect(await b.ingestAsHost({ hostId: h.id, tokenHash: rotated }, limit, batch([sample(now - 1_000)]), now)).toMatchObject({ kind: 'disabled' });
    } finally {
      await close();
    }
  });
});
