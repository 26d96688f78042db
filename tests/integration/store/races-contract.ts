import { describe, expect, it } from 'vitest';
import { createHost, deleteHost, rotateHostToken, updateHost } from '@/lib/accounts/hosts';
import { createUser, updateUser } from '@/lib/accounts/users';
import { verifyPassword } from '@/lib/auth/password';
import { hashToken } from '@/lib/auth/tokens';
import type { BackendUnderTest } from './contract';
import { host, RETENTION, suiteStore } from './sample';

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
    const suite = suiteStore(() => backend.create(RETENTION));

    it(`${PAIRS} concurrent (rotate token, rename) pairs leave exactly the last rotation's token working, and none after delete`, async () => {
      const enrolled = await createHost(suite.store, { name: 'racer', tags: ['a'] }, SERVER);
      const outcomes = await Promise.all(
        Array.from({ length: PAIRS }, (_, i) => Promise.all([rotateHostToken(suite.store, enrolled.id, SERVER), updateHost(suite.store, enrolled.id, { name: `name-${i}` })])),
      );
      const tokens = [enrolled.token, ...outcomes.map(([rotated]) => rotated.token)];
      const final = (await suite.store.getHost(enrolled.id))!;
      const working = [];
      for (const token of tokens) if (await suite.store.findHostByTokenHash(hashToken(token))) working.push(token);
      expect(working).toHaveLength(1);
      expect(hashToken(working[0]!)).toBe(final.tokenHash);
      expect(working[0]).not.toBe(enrolled.token);
      expect(await suite.store.findHostByTokenHash(final.tokenHash)).toEqual(final); // the token index holds the current record
      expect(final.name).toMatch(/^name-\d+$/);
      expect(final.tags).toEqual(['a']);
      await deleteHost(suite.store, enrolled.id);
      for (const token of tokens) expect(await suite.store.findHostByTokenHash(hashToken(token))).toBeNull();
    });

    it(`${PAIRS} concurrent (token hash, name) patches on the record port all keep both changes`, async () => {
      const hosts = Array.from({ length: PAIRS }, () => host({ tags: [] }));
      for (const h of hosts) await suite.store.createHost(h);
      await Promise.all(hosts.flatMap((h) => [suite.store.updateHost(h.id, { tokenHash: `new-${h.id}` }), suite.store.updateHost(h.id, { name: `renamed ${h.id}` })]));
      for (const h of hosts) {
        const want = { ...h, tokenHash: `new-${h.id}`, name: `renamed ${h.id}` };
        expect(await suite.store.getHost(h.id)).toEqual(want);
        expect(await suite.store.findHostByTokenHash(want.tokenHash)).toEqual(want);
        expect(await suite.store.findHostByTokenHash(h.tokenHash)).toBeNull();
      }
    });

    it(`${PAIRS} concurrent (role change, password reset) pairs keep both changes`, async () => {
      const users = Array.from({ length: PAIRS }, (_, i) => ({
        id: `race-${i}-${Math.random().toString(36).slice(2)}`, email: `race-${i}@example.test`, name: `r${i}`, role: 'viewer' as const, passwordHash: 'scrypt$old', createdAt: i,
      }));
      for (const u of users) await suite.store.createUser(u);
      // On the record port, so both writes meet in the suite.store; the domain pair below adds the password hashing in between.
      await Promise.all(users.flatMap((u) => [suite.store.updateUser(u.id, { role: 'admin' }), suite.store.updateUser(u.id, { passwordHash: `scrypt$new-${u.id}` })]));
      for (const u of users) expect(await suite.store.getUser(u.id)).toEqual({ ...u, role: 'admin', passwordHash: `scrypt$new-${u.id}` });

      const viewer = await createUser(suite.store, { email: 'reset-me@example.test', password: 'old-password-1', role: 'viewer' });
      await Promise.all([updateUser(suite.store, viewer.id, { role: 'admin' }), updateUser(suite.store, viewer.id, { password: 'new-password-1' })]);
      const after = (await suite.store.getUser(viewer.id))!;
      expect(after.role).toBe('admin');
      expect(await verifyPassword('new-password-1', after.passwordHash)).toBe(true);
    });
  });
}
