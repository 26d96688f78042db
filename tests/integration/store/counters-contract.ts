import { describe, expect, it } from 'vitest';
import { MINUTE } from '@/lib/metrics/tiers';
import type { BackendUnderTest } from './contract';
import { batch, host, RETENTION, sample, suiteStore } from './sample';

/** CounterStore: fixed-window rate limits and the live-watch mark that ingest reports. */
export function countersContract(name: string, backend: BackendUnderTest): void {
  describe(`counters contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));

    it('counts hits per fixed window, starts over in the next window and on reset', async () => {
      const key = `ingest:${Math.random()}`;
      const w = 60_000;
      const start = Math.floor(Date.now() / w) * w;
      const hits = await Promise.all([1, 2, 3].map(() => suite.store.hitRateLimit(key, w, start + 10)));
      expect(hits.map((x) => x.count).sort()).toEqual([1, 2, 3]);
      expect(hits.every((x) => x.resetAt === start + w)).toBe(true);
      expect(await suite.store.hitRateLimit(key, w, start + w - 1)).toEqual({ count: 4, resetAt: start + w });
      expect(await suite.store.hitRateLimit(key, w, start + w)).toEqual({ count: 1, resetAt: start + 2 * w });
      await suite.store.resetRateLimit(key);
      expect(await suite.store.hitRateLimit(key, w, start + w + 5)).toEqual({ count: 1, resetAt: start + 2 * w });
      expect((await suite.store.hitRateLimit(`${key}:other`, w, start + 10)).count).toBe(1);
    });

    it('reports a live-watch mark in the ingest result until it expires', async () => {
      const h = host();
      await suite.store.createHost(h);
      const now = Date.now();
      await suite.store.markWatched(h.id, now + 60_000);
      expect((await suite.store.ingest(h.id, batch([sample(now - 2_000)]), now)).watchedUntil).toBe(now + 60_000);
      // A shorter mark replaces the longer one; expiry is judged at the batch's receive time, so the clock moves by argument.
      const soon = now + 30_000;
      await suite.store.markWatched(h.id, soon);
      expect((await suite.store.ingest(h.id, batch([sample(now - 1_500)]), soon - 1)).watchedUntil).toBe(soon);
      expect((await suite.store.ingest(h.id, batch([sample(now - 1_000)]), soon)).watchedUntil).toBeNull();
      expect((await suite.store.ingest(h.id, batch([sample(now - 500)]), soon + MINUTE)).watchedUntil).toBeNull();
      const other = host();
      await suite.store.createHost(other);
      expect((await suite.store.ingest(other.id, batch([sample(now - 1_000)]), now)).watchedUntil).toBeNull();
    });
  });
}
