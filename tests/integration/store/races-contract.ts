import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, deleteHost, rotateHostToken, updateHost } from '@/lib/accounts/hosts';
import { createUser, updateUser } from '@/lib/accounts/users';
import { verifyPassword } from '@/lib/auth/password';
import { hashToken } from '@/lib/auth/tokens';
import type { Store } from '@/lib/store/types';
import type { BackendUnderTest } from './contract';
import { host, RETENTION } from './sample';

const PAIRS = 40;
const SERVER = 'https://watch.example.test';

/**
 * Record updates are atomic: concurrent patches of different fields all
 * land, and a token rotation racing a rename never leaves the old token
 * working. Before the Redis updates became one script, a rename racing a
 * rotation wrote the old token's index back in most trials.
 */
export function racesContract(name: string, backend: BackendUnderTest): void {
  describe(`atomic record updates: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.create(RETENTION);
    });
    afterAll(async () => {
      await store?.close();
    });

    it(`${PAIRS} concurrent (rotate token, rename) pairs leave exactly the last rotation's token working, and none after delete`, async () => {
      const enrolled = await createHost(store, { name: 'racer', tags: ['a'] }, SERVER);
      const outcomes = await Promise.all(
        Array.from({ length: PAIRS }, (_, i) => Promise.all([rotateHostToken(store, enrolled.id, SERVER), updateHost(store, enrolled.id, { name: `name-${i}` })])),
      );
      const tokens = [enrolled.token, ...outcomes.map(([rotated]) => rotated.token)];
      const final = (await store.getHost(enrolled.id))!;
      const working = [];
      for (const token of tokens) if (await store.findHostByTokenHash(hashToken(token))) working.push(token);
      expect(working).toHaveLength(1);
      expect(hashToken(working[0]!)).toBe(final.tokenHash);
      expect(working[0]).not.toBe(enrolled.token);
      expect(await store.findHostByTokenHash(final.tokenHash)).toEqual(final); // the token index holds the current record
      expect(final.name).toMatch(/^name-\d+$/);
      expect(final.tags).toEqual(['a']);
      await deleteHost(store, enrolled.id);
      for (const token of tokens) expect(await store.findHostByTokenHash(hashToken(token))).toBeNull();
    });

    it(`${PAIRS} concurrent (token hash, name) patches on the record port all keep both changes`, async () => {
      const hosts = Array.from({ length: PAIRS }, () => host({ tags: [] }));
      for (const h of hosts) await store.createHost(h);
      await Promise.all(hosts.flatMap((h) => [store.updateHost(h.id, { tokenHash: `new-${h.id}` }), store.updateHost(h.id, { name: `renamed ${h.id}` })]));
      for (const h of hosts) {
        const want = { ...h, tokenHash: `new-${h.id}`, name: `renamed ${h.id}` };
        expect(await store.getHost(h.id)).toEqual(want);
        expect(await store.findHostByTokenHash(want.tokenHash)).toEqual(want);
        expect(await store.findHostByTokenHash(h.tokenHash)).toBeNull();
      }
    });

    it(`${PAIRS} concurrent (role change, password reset) pairs keep both changes`, async () => {
      const users = Array.from({ length: PAIRS }, (_, i) => ({
        id: `race-${i}-${Math.random().toString(36).slice(2)}`, email: `race-${i}@example.test`, name: `r${i}`, role: 'viewer' as const, passwordHash: 'scrypt$old', createdAt: i,
      }));
      for (const u of users) await store.createUser(u);
      // On the record port, so both writes meet in the store; the domain pair below adds the password hashing in between.
      await Promise.all(users.flatMap((u) => [store.updateUser(u.id, { role: 'admin' }), store.updateUser(u.id, { passwordHash: `scrypt$new-${u.id}` })]));
      for (const u of users) expect(await store.getUser(u.id)).toEqual({ ...u, role: 'admin', passwordHash: `scrypt$new-${u.id}` });

      const viewer = await createUser(store, { email: 'reset-me@example.test', password: 'old-password-1', role: 'viewer' });
      await Promise.all([updateUser(store, viewer.id, { role: 'admin' }), updateUser(store, viewer.id, { password: 'new-password-1' })]);
      const after = (await store.getUser(viewer.id))!;
      expect(after.role).toBe('admin');
      expect(await verifyPassword('new-password-1', after.passwordHash)).toBe(true);
    });
  });
}
