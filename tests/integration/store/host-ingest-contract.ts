import { describe, expect, it } from 'vitest';
import { deleteHost } from '@/lib/accounts/hosts';
import type { HostLimit } from '@/lib/store/types';
import type { BackendUnderTest } from './contract';
import { batch, host, RETENTION, sample, suiteStore } from './sample';

/**
 * Store.ingestAsHost, the token check, rate-limit hit and ingest of one POST (one script on Redis and
 * Upstash, three calls elsewhere): the same answers on every backend, and a rotation, a disabling or a
 * deletion holds from the next call on.
 */
export function hostIngestContract(name: string, backend: BackendUnderTest): void {
  describe(`host ingest contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const W = 60_000;
    const limit = (max: number): HostLimit => ({ max, windowMs: W });
    const windowStart = () => Math.floor(Date.now() / W) * W;

    it('accepts the host’s own token with its record and the ingest result, and refuses any other without counting it', async () => {
      const h = await suite.newHost({ tags: ['db', 'eu'] });
      const other = await suite.newHost();
      const now = windowStart() + 1_000;
      const first = await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(2), batch([sample(now - 2_000)]), now);
      expect(first).toEqual({ kind: 'accepted', host: h, result: expect.objectContaining({ accepted: 1, duplicates: 0 }) });
      expect(await suite.store.getHostState(h.id)).toMatchObject({ lastSeen: now });
      // Wrong secret, another host's token, a host that does not exist: refused, and none of them counts.
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: 'f'.repeat(64) }, limit(2), batch([sample(now - 1_500)]), now)).toEqual({ kind: 'refused' });
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: other.tokenHash }, limit(2), batch([sample(now - 1_500)]), now)).toEqual({ kind: 'refused' });
      expect(await suite.store.ingestAsHost({ hostId: 'nobody', tokenHash: h.tokenHash }, limit(2), batch([sample(now - 1_500)]), now)).toEqual({ kind: 'refused' });
      expect((await suite.store.getHostState(h.id))?.latest.ts).toBe(now - 2_000);
      const second = await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(2), batch([sample(now - 1_000)]), now);
      expect(second).toMatchObject({ kind: 'accepted', result: { accepted: 1 } });
      // Past the limit: nothing is written, and the window's end is said.
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(2), batch([sample(now - 500)]), now)).toEqual({ kind: 'limited', resetAt: windowStart() + W });
      expect((await suite.store.getHostState(h.id))?.latest.ts).toBe(now - 1_000);
      // The window is the one hitRateLimit counts: a new window admits again.
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(2), batch([sample(now - 500)]), now + W)).toMatchObject({ kind: 'accepted' });
    });

    it('checks and counts without a batch (a body that will be refused)', async () => {
      const h = await suite.newHost();
      const now = windowStart() + 2_000;
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(1), null, now)).toEqual({ kind: 'accepted', host: h, result: null });
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(1), null, now)).toMatchObject({ kind: 'limited' });
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: 'e'.repeat(64) }, limit(1), null, now)).toEqual({ kind: 'refused' });
    });

    it('refuses the old token from the call after a rotation, admits the new one, and says disabled from the call after disabling', async () => {
      const h = await suite.newHost();
      const now = windowStart() + 3_000;
      const claim = { hostId: h.id, tokenHash: h.tokenHash };
      expect(await suite.store.ingestAsHost(claim, limit(100), batch([sample(now - 3_000)]), now)).toMatchObject({ kind: 'accepted' });
      const rotated = 'a'.repeat(63) + '1';
      await suite.store.updateHost(h.id, { tokenHash: rotated });
      expect(await suite.store.ingestAsHost(claim, limit(100), batch([sample(now - 2_000)]), now)).toEqual({ kind: 'refused' });
      const fresh = { hostId: h.id, tokenHash: rotated };
      expect(await suite.store.ingestAsHost(fresh, limit(100), batch([sample(now - 2_000)]), now)).toMatchObject({ kind: 'accepted', host: { tokenHash: rotated } });
      // An edit of something else keeps the new token and the record the check answers current.
      await suite.store.updateHost(h.id, { name: `${h.name} renamed`, tags: ['x'] });
      expect(await suite.store.ingestAsHost(fresh, limit(100), batch([sample(now - 1_500)]), now)).toMatchObject({ kind: 'accepted', host: { name: `${h.name} renamed`, tags: ['x'] } });
      await suite.store.updateHost(h.id, { disabled: true });
      expect(await suite.store.ingestAsHost(fresh, limit(100), batch([sample(now - 1_000)]), now)).toMatchObject({ kind: 'disabled', host: { id: h.id, disabled: true } });
      expect((await suite.store.getHostState(h.id))?.latest.ts).toBe(now - 1_500);
      await suite.store.updateHost(h.id, { disabled: false });
      expect(await suite.store.ingestAsHost(fresh, limit(100), batch([sample(now - 1_000)]), now)).toMatchObject({ kind: 'accepted', result: { accepted: 1 } });
    });

    it('refuses a deleted host’s token, after the record alone is gone and after the whole cascade', async () => {
      const now = windowStart() + 4_000;
      const h = await suite.newHost();
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(100), batch([sample(now - 2_000)]), now)).toMatchObject({ kind: 'accepted' });
      await suite.store.deleteHost(h.id);
      expect(await suite.store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(100), batch([sample(now - 1_000)]), now)).toEqual({ kind: 'refused' });
      const g = await suite.newHost();
      await deleteHost(suite.store, g.id, now);
      for (const b of [batch([sample(now - 1_000)]), null]) {
        expect(await suite.store.ingestAsHost({ hostId: g.id, tokenHash: g.tokenHash }, limit(100), b, now)).toEqual({ kind: 'refused' });
      }
      // An edit racing the deletion (its write lands after the record is gone) brings nothing back.
      expect(await suite.store.updateHost(g.id, { tokenHash: 'b'.repeat(64) })).toBeNull();
      expect(await suite.store.ingestAsHost({ hostId: g.id, tokenHash: 'b'.repeat(64) }, limit(100), null, now)).toEqual({ kind: 'refused' });
      expect(await suite.store.getHostState(g.id)).toBeNull();
    });

    if (backend.olderHosts) {
      const older = backend.olderHosts;
      it('admits hosts written by an older release (no copy of their token beside their series) by their record', async () => {
        const h = host();
        const store = await older(RETENTION, [h]);
        try {
          const now = windowStart() + 5_000;
          expect(await store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(1), batch([sample(now - 1_000)]), now)).toMatchObject({ kind: 'accepted', result: { accepted: 1 } });
          expect(await store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(1), batch([sample(now - 500)]), now)).toMatchObject({ kind: 'limited' });
          await store.updateHost(h.id, { tokenHash: 'c'.repeat(64) });
          expect(await store.ingestAsHost({ hostId: h.id, tokenHash: h.tokenHash }, limit(100), null, now + W)).toEqual({ kind: 'refused' });
          expect(await store.ingestAsHost({ hostId: h.id, tokenHash: 'c'.repeat(64) }, limit(100), null, now + W)).toMatchObject({ kind: 'accepted' });
        } finally {
          await store.close();
        }
      });
    }
  });
}
