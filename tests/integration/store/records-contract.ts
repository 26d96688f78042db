import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '@/lib/store/errors';
import { DAY } from '@/lib/metrics/tiers';
import type { BackendUnderTest } from './contract';
import { host, RETENTION, share, suiteStore } from './sample';

/** RecordStore: hosts, users, API tokens, share links, meta. Deletes remove only what they name (the domain cascades). */
export function recordsContract(name: string, backend: BackendUnderTest): void {
  describe(`records contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const newHost = () => suite.newHost();

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
