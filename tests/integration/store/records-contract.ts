import { describe, expect, it } from 'vitest';
import { HostNameTakenError, StoreConflictError } from '@/lib/store/errors';
import { DAY } from '@/lib/metrics/tiers';
import type { BackendUnderTest } from './contract';
import { host, RETENTION, share, suiteStore } from './sample';

/** RecordStore: hosts, users, API tokens, share links, meta. Deletes remove only what they name (the domain cascades). */
export function recordsContract(name: string, backend: BackendUnderTest): void {
  describe(`records contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const newHost = (overrides?: Parameters<typeof suite.newHost>[0]) => suite.newHost(overrides);

    describe('hosts', () => {
      it('creates, finds by id and token hash, lists, updates and refuses duplicates', async () => {
        const h = await newHost();
        expect(await suite.store.getHost(h.id)).toEqual(h);
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toEqual(h);
        expect((await suite.store.listHosts()).map((x) => x.id)).toContain(h.id);
        await expect(suite.store.createHost({ ...h, tokenHash: 'f'.repeat(64) })).rejects.toBeInstanceOf(StoreConflictError);
        await expect(suite.store.createHost({ ...host(), tokenHash: h.tokenHash })).rejects.toBeInstanceOf(StoreConflictError);

        const updated = await suite.store.updateHost(h.id, { name: 'renamed', tags: ['db', 'eu'], disabled: true, tokenHash: 'e'.repeat(64) });
        expect(updated).toEqual({ ...h, name: 'renamed', tags: ['db', 'eu'], disabled: true, tokenHash: 'e'.repeat(64) });
        expect(await suite.store.getHost(h.id)).toEqual(updated);
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toBeNull();
        expect(await suite.store.findHostByTokenHash('e'.repeat(64))).toEqual(updated);
        expect(await suite.store.updateHost('no-such-host', { name: 'x' })).toBeNull();
        expect(await suite.store.getHost('no-such-host')).toBeNull();
      });

      it('patches only the given fields, keeps empty and non-empty tag lists as lists, and refuses a token hash another host has', async () => {
        const h = await newHost();
        const other = await newHost();
        expect(await suite.store.updateHost(h.id, { tags: [] })).toEqual({ ...h, tags: [] });
        expect(await suite.store.updateHost(h.id, { name: 'only the name', disabled: undefined })).toEqual({ ...h, tags: [], name: 'only the name' });
        expect(await suite.store.getHost(h.id)).toEqual({ ...h, tags: [], name: 'only the name' });
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toEqual({ ...h, tags: [], name: 'only the name' });
        expect(await suite.store.updateHost(h.id, { disabled: true, tags: ['a/b', 'ü "q"'] })).toEqual({ ...h, name: 'only the name', disabled: true, tags: ['a/b', 'ü "q"'] });
        expect(await suite.store.updateHost(h.id, {})).toEqual(await suite.store.getHost(h.id));
        await expect(suite.store.updateHost(h.id, { tokenHash: other.tokenHash })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await suite.store.findHostByTokenHash(other.tokenHash)).toEqual(other);
        expect((await suite.store.findHostByTokenHash(h.tokenHash))?.id).toBe(h.id);
      });

      it('keeps host names unique whatever their case, on create and rename, and frees a name its host gave up', async () => {
        const first = await newHost({ name: 'Web-Unique' });
        for (const clash of ['web-unique', 'WEB-UNIQUE', 'ｗｅｂ-ｕｎｉｑｕｅ']) {
          const attempt = host({ name: clash });
          const err = await suite.store.createHost(attempt).then(() => null, (e: unknown) => e);
          expect(err).toBeInstanceOf(HostNameTakenError);
          expect(err).toBeInstanceOf(StoreConflictError);
          expect((err as HostNameTakenError).hostName).toBe(clash);
          expect(await suite.store.getHost(attempt.id)).toBeNull();
          expect(await suite.store.findHostByTokenHash(attempt.tokenHash)).toBeNull();
        }
        // A rename onto another host's name is refused and changes nothing, not even the other fields of the patch.
        const other = await newHost({ name: 'db-unique' });
        await expect(suite.store.updateHost(other.id, { name: 'WEB-unique', tags: ['changed'] })).rejects.toBeInstanceOf(HostNameTakenError);
        expect(await suite.store.getHost(other.id)).toEqual(other);
        // A host may change the case of its own name.
        expect((await suite.store.updateHost(first.id, { name: 'web-unique' }))?.name).toBe('web-unique');
        // Renamed away, the old name is free; the new one is taken.
        await suite.store.updateHost(first.id, { name: 'web-renamed' });
        const taker = await newHost({ name: 'WEB-UNIQUE' });
        await expect(suite.store.createHost(host({ name: 'Web-Renamed' }))).rejects.toBeInstanceOf(HostNameTakenError);
        // Deleted, a host's name is free again.
        expect(await suite.store.deleteHost(taker.id)).toBe(true);
        expect((await newHost({ name: 'web-unique' })).name).toBe('web-unique');
      });

      it('lets exactly one of concurrent creates and renames to one name through', async () => {
        const creates = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => suite.store.createHost(host({ name: i % 2 ? 'race-name' : 'RACE-name' }))));
        expect(creates.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of creates) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(HostNameTakenError);
        const a = await newHost();
        const b = await newHost();
        const renames = await Promise.allSettled([suite.store.updateHost(a.id, { name: 'rename-race' }), suite.store.updateHost(b.id, { name: 'Rename-Race' })]);
        expect(renames.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const names = (await suite.store.listHosts()).map((h) => h.name.toLowerCase());
        expect(names.filter((n) => n === 'race-name')).toHaveLength(1);
        expect(names.filter((n) => n === 'rename-race')).toHaveLength(1);
      });

      if (backend.olderHosts) {
        const olderHosts = backend.olderHosts;
        it('opens a store an older release left with duplicate names: both hosts work, the name stays taken while either has it', async () => {
          const a = host({ name: 'dup-1' });
          const b = host({ name: 'DUP-1' });
          const c = host({ name: 'solo' });
          const store = await olderHosts(RETENTION, [a, b, c]);
          try {
            expect((await store.listHosts()).map((h) => h.id).sort()).toEqual([a.id, b.id, c.id].sort());
            expect(await store.findHostByTokenHash(b.tokenHash)).toEqual(b);
            await expect(store.createHost(host({ name: 'Dup-1' }))).rejects.toBeInstanceOf(HostNameTakenError);
            await expect(store.createHost(host({ name: 'SOLO' }))).rejects.toBeInstanceOf(HostNameTakenError);
            await expect(store.updateHost(c.id, { name: 'dup-1' })).rejects.toBeInstanceOf(HostNameTakenError);
            // One duplicate renamed away: the other still holds the name.
            expect((await store.updateHost(a.id, { name: 'dup-2' }))?.name).toBe('dup-2');
            await expect(store.createHost(host({ name: 'dup-1' }))).rejects.toBeInstanceOf(HostNameTakenError);
            // Both gone from it: the name is free.
            expect(await store.deleteHost(b.id)).toBe(true);
            const fresh = host({ name: 'dup-1' });
            await store.createHost(fresh);
            expect(await store.getHost(fresh.id)).toEqual(fresh);
            expect(await store.updateHost(c.id, { tags: ['still', 'patchable'] })).toEqual({ ...c, tags: ['still', 'patchable'] });
          } finally {
            await store.close();
          }
        });
      }

      it('deletes the record and its token in one step, and nothing else: share links are the domain’s', async () => {
        const h = await newHost();
        const link = share(h.id, Date.now());
        await suite.store.createShare(link);
        expect(await suite.store.deleteHost(h.id)).toBe(true);
        expect(await suite.store.deleteHost(h.id)).toBe(false);
        expect(await suite.store.getHost(h.id)).toBeNull();
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toBeNull();
        expect((await suite.store.listHosts()).some((x) => x.id === h.id)).toBe(false);
        expect(await suite.store.findShareByHash(link.tokenHash)).toEqual(link);
        // Id and token are free again.
        await suite.store.createHost(h);
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toEqual(h);
      });
    });

    describe('users', () => {
      it('creates, finds by id and email (any case), lists, updates and deletes (the user only: tokens are the domain’s)', async () => {
        const id = `u-${Math.random().toString(36).slice(2)}`;
        const user = { id, email: `${id}@Example.com`, name: 'Ada', role: 'admin' as const, passwordHash: 'scrypt$x', createdAt: 1 };
        await suite.store.createUser(user);
        await expect(suite.store.createUser({ ...user, id: `${id}-2`, email: user.email.toUpperCase() })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await suite.store.getUser(id)).toEqual(user);
        expect(await suite.store.getUserByEmail(user.email.toLowerCase())).toEqual(user);
        expect((await suite.store.listUsers()).map((u) => u.id)).toContain(id);
        expect(await suite.store.updateUser(id, { role: 'viewer', name: 'Ada L.' })).toEqual({ ...user, role: 'viewer', name: 'Ada L.' });
        expect(await suite.store.updateUser(id, { passwordHash: 'scrypt$y' })).toEqual({ ...user, role: 'viewer', name: 'Ada L.', passwordHash: 'scrypt$y' });
        expect(await suite.store.updateUser('nobody', { name: 'x' })).toBeNull();
        const token = { id: `${id}-t`, userId: id, name: 'ci', scope: 'read' as const, tokenHash: `${id}-hash`, createdAt: 2, expiresAt: null, lastUsedAt: null };
        await suite.store.createApiToken(token);
        expect(await suite.store.deleteUser(id)).toBe(true);
        expect(await suite.store.deleteUser(id)).toBe(false);
        expect(await suite.store.getUser(id)).toBeNull();
        expect(await suite.store.getUserByEmail(user.email)).toBeNull();
        expect(await suite.store.findApiTokenByHash(token.tokenHash)).toEqual(token);
        await suite.store.createUser(user); // the email is free again
      });

      it('links single sign-on identities: unique across users, found by provider and subject, freed with the user, kept by updates', async () => {
        const id = `u-${Math.random().toString(36).slice(2)}`;
        const sso = { provider: 'oidc-corp', subject: `sub-${id}`, linkedAt: 1_764_000_000_123 };
        const user = { id, email: `${id}@example.com`, name: 'Grace', role: 'viewer' as const, passwordHash: '', createdAt: 3, identities: [sso] };
        await suite.store.createUser(user);
        expect(await suite.store.findUserByIdentity('oidc-corp', sso.subject)).toEqual(user);
        expect(await suite.store.findUserByIdentity('github', sso.subject)).toBeNull();
        // Another user may not take it, at creation or by linking.
        const other = { id: `${id}-b`, email: `${id}-b@example.com`, name: 'Bob', role: 'viewer' as const, passwordHash: 'scrypt$z', createdAt: 4 };
        await expect(suite.store.createUser({ ...other, identities: [sso] })).rejects.toBeInstanceOf(StoreConflictError);
        await suite.store.createUser(other);
        expect(await suite.store.getUser(other.id)).toEqual(other);
        await expect(suite.store.linkUserIdentity(other.id, { ...sso, linkedAt: 9 })).rejects.toBeInstanceOf(StoreConflictError);
        // Linking a second provider to a password user; linking again changes nothing.
        const gh = { provider: 'github', subject: '583231', linkedAt: 1_764_000_000_456 };
        const linked = await suite.store.linkUserIdentity(other.id, gh);
        expect(linked).toEqual({ ...other, identities: [gh] });
        expect(await suite.store.linkUserIdentity(other.id, { ...gh, linkedAt: 7 })).toEqual(linked);
        expect(await suite.store.getUserByEmail(other.email)).toEqual(linked);
        expect((await suite.store.listUsers()).find((u) => u.id === other.id)).toEqual(linked);
        expect(await suite.store.linkUserIdentity('nobody', { ...gh, subject: 'x' })).toBeNull();
        // A role change keeps the identities (demotion at the next sign-in writes only the role).
        expect(await suite.store.updateUser(id, { role: 'admin' })).toEqual({ ...user, role: 'admin' });
        expect(await suite.store.findUserByIdentity('oidc-corp', sso.subject)).toEqual({ ...user, role: 'admin' });
        // Deleting frees the identity for someone else.
        expect(await suite.store.deleteUser(id)).toBe(true);
        expect(await suite.store.findUserByIdentity('oidc-corp', sso.subject)).toBeNull();
        const relinked = { ...sso, linkedAt: 1_764_000_000_789 };
        const taken = await suite.store.linkUserIdentity(other.id, relinked);
        expect(taken?.identities).toEqual([gh, relinked]);
        expect(await suite.store.findUserByIdentity('oidc-corp', sso.subject)).toEqual(taken);
      });
    });

    describe('API tokens', () => {
      it('creates, finds by hash, lists per user, touches and deletes', async () => {
        const u = `u-${Math.random().toString(36).slice(2)}`;
        const t = { id: `${u}-1`, userId: u, name: 'grafana', scope: 'read' as const, tokenHash: `${u}-h1`, createdAt: 10, expiresAt: 99_999, lastUsedAt: null };
        const t2 = { ...t, id: `${u}-2`, tokenHash: `${u}-h2`, scope: 'admin' as const, createdAt: 11, expiresAt: null };
        await suite.store.createApiToken(t);
        await suite.store.createApiToken(t2);
        await expect(suite.store.createApiToken({ ...t, id: `${u}-3` })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await suite.store.findApiTokenByHash(t.tokenHash)).toEqual(t);
        expect(await suite.store.listApiTokens(u)).toEqual([t, t2]);
        expect((await suite.store.listApiTokens()).map((x) => x.id)).toEqual(expect.arrayContaining([t.id, t2.id]));
        await suite.store.touchApiToken(t.id, 12_345);
        expect((await suite.store.findApiTokenByHash(t.tokenHash))?.lastUsedAt).toBe(12_345);
        expect(await suite.store.deleteApiToken(t.id)).toBe(true);
        expect(await suite.store.deleteApiToken(t.id)).toBe(false);
        expect(await suite.store.findApiTokenByHash(t.tokenHash)).toBeNull();
        expect(await suite.store.listApiTokens(u)).toEqual([t2]);
        await suite.store.createApiToken(t); // id and hash are free again, with no use left over
        expect(await suite.store.findApiTokenByHash(t.tokenHash)).toEqual(t);
      });
    });

    describe('share links', () => {
      it('creates, finds by hash, lists per host, records views and deletes', async () => {
        const h = await newHost();
        const s = { id: `${h.id}-s1`, hostId: h.id, tokenHash: `${h.id}-sh1`, label: 'status page', createdBy: 'u1', createdAt: 5, expiresAt: 10_000, includeProcesses: false, includeAlerts: true, maxRangeMs: 7 * DAY, lastViewedAt: null, viewCount: 0 };
        const s2 = { ...s, id: `${h.id}-s2`, tokenHash: `${h.id}-sh2`, createdAt: 6, includeProcesses: true, includeAlerts: false, expiresAt: null };
        await suite.store.createShare(s);
        await suite.store.createShare(s2);
        await expect(suite.store.createShare({ ...s, id: `${h.id}-s3` })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await suite.store.findShareByHash(s.tokenHash)).toEqual(s);
        expect(await suite.store.listShares(h.id)).toEqual([s, s2]);
        expect((await suite.store.listShares()).map((x) => x.id)).toEqual(expect.arrayContaining([s.id, s2.id]));
        await suite.store.recordShareView(s.id, 100);
        await suite.store.recordShareView(s.id, 200);
        expect(await suite.store.findShareByHash(s.tokenHash)).toEqual({ ...s, lastViewedAt: 200, viewCount: 2 });
        expect(await suite.store.deleteShare(s.id)).toBe(true);
        expect(await suite.store.deleteShare(s.id)).toBe(false);
        expect(await suite.store.listShares(h.id)).toEqual([s2]);
        await suite.store.createShare(s); // id and hash are free again, with no views left over
        expect(await suite.store.findShareByHash(s.tokenHash)).toEqual(s);
      });
    });

    describe('meta', () => {
      it('gets, sets, and sets-if-absent atomically', async () => {
        const key = `setup:${Math.random()}`;
        expect(await suite.store.getMeta(key)).toBeNull();
        const wins = await Promise.all(['a', 'b', 'c', 'd'].map((v) => suite.store.setMetaIfAbsent(key, v)));
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winner = ['a', 'b', 'c', 'd'][wins.indexOf(true)];
        expect(await suite.store.getMeta(key)).toBe(winner);
        await suite.store.setMeta(key, 'z');
        expect(await suite.store.getMeta(key)).toBe('z');
        expect(await suite.store.setMetaIfAbsent(key, 'y')).toBe(false);
      });
    });
  });
}
