import { describe, expect, it } from 'vitest';
import { slotOf } from '@/lib/store/redis/key-slot';
import { RedisKeys } from '@/lib/store/redis/keys';

describe('slotOf (Redis Cluster slot of a store command)', () => {
  const keys = new RedisKeys('hw:');

  it('takes the first key: after the command name, or the first declared key of a script', () => {
    const slot = slotOf(['HMGET', keys.state('h1'), 'ts']);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(slot).toBeLessThan(16384);
    expect(slotOf(['EVALSHA', 'f'.repeat(40), 2, keys.raw('h1', 0), keys.auth('h1'), 'arg'])).toBe(slot);
    expect(slotOf(['EVAL', 'return 1', 0])).toBeNull();
    expect(slotOf(['PING'])).toBeNull();
  });

  it('puts every key of a host in one slot (the hash tag), the ingest rate limit included, and other hosts elsewhere', () => {
    const hostSlots = (id: string) => new Set([keys.state(id), keys.auth(id), keys.catalog(id), keys.rateLimit(`ingest:${id}`), keys.gone(id)].map((k) => slotOf(['GET', k])));
    expect(hostSlots('abc').size).toBe(1);
    const spread = new Set(Array.from({ length: 32 }, (_, i) => slotOf(['GET', keys.state(`host-${i}`)])));
    expect(spread.size).toBeGreaterThan(16);
    // Other limits keep their plain names.
    expect(keys.rateLimit('login:a@b')).toBe('hw:rl:login:a@b');
    expect(keys.rateLimit('ingest:abc')).toBe('hw:rl:ingest:{abc}');
  });
});
