import { UnknownHostError } from '@/lib/store/errors';
import { describe, expect, it } from 'vitest';
import { deleteHost } from '@/lib/accounts/hosts';
import { deleteUser } from '@/lib/accounts/users';
import { revokeHostShares } from '@/lib/shares/manage';
import { DAY, HOUR } from '@/lib/metrics/tiers';
import { commitOf, event, key, silence, state } from './alert-fixtures';
import type { BackendUnderTest } from './contract';
import { batch, RETENTION, sample, share, suiteStore } from './sample';

/**
 * The deletions that span ports, done by the domain (lib/accounts,
 * lib/shares) over the composed store: what users see is unchanged from
 * when each backend cascaded by itself.
 */
export function cascadesContract(name: string, backend: BackendUnderTest): void {
  describe(`domain cascades: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const newHost = () => suite.newHost();

    it('deletes a host with all its data and share links', async () => {
      const h = await newHost();
      const other = await newHost();
      const now = Date.now();
      await suite.store.ingest(h.id, batch([sample(now - 2 * HOUR), sample(now - 1_000)]), now);
      await suite.store.ingest(other.id, batch([sample(now - 1_000)]), now);
      await suite.store.markWatched(h.id, now + 60_000);
      const link = share(h.id, now);
      const otherLink = share(other.id, now);
      await suite.store.createShare(link);
      await suite.store.createShare(otherLink);
      await deleteHost(suite.store, h.id, now);
      await expect(deleteHost(suite.store, h.id, now)).rejects.toMatchObject({ kind: 'not_found' });
      expect(await suite.store.getHost(h.id)).toBeNull();
      expect(await suite.store.findHostByTokenHash(h.tokenHash)).toBeNull();
      expect(await suite.store.findShareByHash(link.tokenHash)).toBeNull();
      expect(await suite.store.listShares(h.id)).toEqual([]);
      expect((await suite.store.getFleet()).some((e) => e.host.id === h.id)).toBe(false);
      // Nothing of the old host survives, and a batch still on its way for it is refused (host ids are never reused).
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.getProcessSnapshot(h.id, now, now)).toBeNull();
      for (const tier of ['raw', '1m', '5m', '1h'] as const) expect(await suite.store.readSeries(h.id, tier, ['cpu.total'], now - DAY, now, now)).toEqual([]);
      expect(await suite.store.listSeriesNames(h.id)).toEqual([]);
      await expect(suite.store.ingest(h.id, batch([sample(now - 1_000)]), now)).rejects.toBeInstanceOf(UnknownHostError);
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.getHostState(other.id)).not.toBeNull();
      expect(await suite.store.findShareByHash(otherLink.tokenHash)).toEqual(otherLink);
    });

    it('finishes the cascade when the host record is already gone (a retried DELETE after an outage)', async () => {
      const h = await newHost();
      const now = Date.now();
      await suite.store.ingest(h.id, batch([sample(now - 1_000)]), now);
      await suite.store.createShare(share(h.id, now));
      expect(await suite.store.deleteHost(h.id)).toBe(true); // the record went, then the first DELETE stopped
      await expect(deleteHost(suite.store, h.id, now)).rejects.toMatchObject({ kind: 'not_found' });
      expect(await suite.store.listShares(h.id)).toEqual([]);
      await suite.store.createHost(h);
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now, now)).toEqual([]);
    });

    it('deletes a host’s alert states and the silences naming it, and keeps its events (history) and every other host’s', async () => {
      const h = await newHost();
      const other = await newHost();
      const now = Date.now();
      const mine = [state(key('r1', h.id), 0), state(key('r2', h.id, '/var'), 0)];
      const theirs = state(key('r1', other.id), 0);
      const ev = event({ hostId: h.id, ruleId: 'r1', at: now });
      await suite.store.alerts.commit(commitOf({ create: [...mine, theirs], events: [ev], now }));
      const [hostSilence, otherSilence, ruleSilence] = [silence({ ruleId: 'r1', hostId: h.id }), silence({ ruleId: 'r1', hostId: other.id }), silence({ ruleId: 'r2' })];
      for (const s of [hostSilence, otherSilence, ruleSilence]) await suite.store.alerts.createSilence(s);

      await deleteHost(suite.store, h.id, now);
      expect(await suite.store.alerts.getHostStates(h.id)).toEqual([]);
      expect((await suite.store.alerts.listStates({ ruleId: 'r1' })).filter((s) => [h.id, other.id].includes(s.hostId))).toEqual([theirs]);
      expect(await suite.store.alerts.getHostStates(other.id)).toEqual([theirs]);
      const silences = (await suite.store.alerts.listSilences()).map((s) => s.id);
      expect(silences).not.toContain(hostSilence.id);
      expect(silences).toEqual(expect.arrayContaining([otherSilence.id, ruleSilence.id]));
      expect(await suite.store.alerts.getEvent(ev.id)).toEqual(ev);
    });

    it('revokes every link of a host and keeps the host', async () => {
      const h = await newHost();
      const now = Date.now();
      await suite.store.createShare(share(h.id, now));
      await suite.store.createShare(share(h.id, now, { id: `s2-${h.id}`, tokenHash: `share2-${h.id}` }));
      expect(await revokeHostShares(suite.store, h.id)).toEqual({ revoked: 2 });
      expect(await suite.store.listShares(h.id)).toEqual([]);
      expect(await suite.store.getHost(h.id)).toEqual(h);
    });

    it('deletes a user with their API tokens, and no one else’s', async () => {
      const id = `u-${Math.random().toString(36).slice(2)}`;
      const user = { id, email: `${id}@Example.com`, name: 'Ada', role: 'viewer' as const, passwordHash: 'scrypt$x', createdAt: 1 };
      await suite.store.createUser(user);
      const token = { id: `${id}-t`, userId: id, name: 'ci', scope: 'read' as const, tokenHash: `${id}-hash`, createdAt: 2, expiresAt: null, lastUsedAt: null };
      const others = { ...token, id: `${id}-o`, userId: `${id}-other`, tokenHash: `${id}-other-hash` };
      await suite.store.createApiToken(token);
      await suite.store.createApiToken(others);
      await deleteUser(suite.store, id);
      expect(await suite.store.getUser(id)).toBeNull();
      expect(await suite.store.getUserByEmail(user.email)).toBeNull();
      expect(await suite.store.findApiTokenByHash(token.tokenHash)).toBeNull();
      expect(await suite.store.findApiTokenByHash(others.tokenHash)).toEqual(others);
      await expect(deleteUser(suite.store, id)).rejects.toMatchObject({ kind: 'not_found' });
    });
  });
}
