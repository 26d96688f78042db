import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, revokeApiToken } from '@/lib/accounts/api-tokens';
import { completeSetup, ensureAdmin, issueSetupCode, SETUP_CODE_TTL_MS } from '@/lib/accounts/first-admin';
import { createHost, deleteHost, rotateHostToken } from '@/lib/accounts/hosts';
import { createUser, deleteUser, updateUser } from '@/lib/accounts/users';
import { LOGIN_WINDOW_MS } from '@/lib/auth/login-limit';
import { verifyPassword } from '@/lib/auth/password';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { hashToken } from '@/lib/auth/tokens';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startUpstashBridge, type UpstashBridge } from '../../support/upstash-bridge';

/**
 * The account operations on each real store backend: concurrent first starts
 * agree on one admin, concurrent demotions keep one, sign-in limits count in
 * the store, and secrets are stored hashed.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-accounts-'));
let redis: RedisServer;
let bridge: UpstashBridge;
let n = 0;
beforeAll(async () => {
  redis = await startRedisServer();
  bridge = await startUpstashBridge(redis.url);
});
afterAll(async () => {
  await bridge?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const backends: [string, () => Store][] = [
  ['sqlite', () => createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, DEFAULT_RETENTION)],
  ['redis', () => createStore({ kind: 'redis', url: redis.url }, DEFAULT_RETENTION, { keyPrefix: `acc${++n}:` })],
  ['upstash', () => createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, DEFAULT_RETENTION, { keyPrefix: `acc${++n}:` })],
];

describe.each(backends)('account operations on %s', (_name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('ten concurrent first starts make exactly one admin', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ensureAdmin(store, `first-${i}@example.test`, 'first-password-1')));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const users = await store.listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]!.role).toBe('admin');
    expect(users[0]!.passwordHash).toMatch(/^scrypt\$/);
    expect(await ensureAdmin(store, 'late@example.test', 'late-password-1')).toEqual({ created: false });
  });

  it('two admins demoting each other at once leave one admin', async () => {
    const [a, b] = await Promise.all([
      createUser(store, { email: 'a@example.test', password: 'a-password-123', role: 'admin' }),
      createUser(store, { email: 'b@example.test', password: 'b-password-123', role: 'admin' }),
    ]);
    const first = (await store.listUsers()).find((u) => u.email.startsWith('first-'))!;
    await deleteUser(store, first.id);
    const outcomes = await Promise.allSettled([updateUser(store, a.id, { role: 'viewer' }), updateUser(store, b.id, { role: 'viewer' })]);
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
    const admins = (await store.listUsers()).filter((u) => u.role === 'admin');
    expect(admins.length).toBeGreaterThanOrEqual(1);
  });

  it('counts sign-in attempts in the store: the 6th in the window is refused, the next window is open', async () => {
    await createUser(store, { email: 'limited@example.test', password: 'limited-password', role: 'viewer' });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      expect((await attemptSignIn(store, 'limited@example.test', 'wrong-password', `192.0.2.${i}`, t0 + i)).kind).toBe('invalid');
    }
    const sixth = await attemptSignIn(store, 'LIMITED@example.test', 'limited-password', '192.0.2.77', t0 + 10);
    expect(sixth).toEqual({ kind: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    if (sixth.kind === 'rate_limited') expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    const later = await attemptSignIn(store, 'limited@example.test', 'limited-password', '192.0.2.77', t0 + LOGIN_WINDOW_MS + 1000);
    expect(later.kind).toBe('ok');
  });

  it('a success clears the count, so a user who mistypes now and then is never locked out', async () => {
    await createUser(store, { email: 'typo@example.test', password: 'typo-password-1', role: 'viewer' });
    const t0 = Date.now();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await attemptSignIn(store, 'typo@example.test', 'nope', '192.0.2.200', t0 + round * 10 + i);
      expect((await attemptSignIn(store, 'typo@example.test', 'typo-password-1', '192.0.2.200', t0 + round * 10 + 5)).kind).toBe('ok');
    }
  });

  it('a setup code works once, only while no user exists, and expires', async () => {
    const fresh = open();
    try {
      const now = Date.now();
      const code = await issueSetupCode(fresh, now);
      const input = { code, email: 'setup@example.test', password: 'setup-password-1' };
      await expect(completeSetup(fresh, { ...input, code: 'WRONG-CODE' }, '192.0.2.1', now)).rejects.toMatchObject({ status: 403 });
      await expect(completeSetup(fresh, input, '192.0.2.1', now + SETUP_CODE_TTL_MS + 1)).rejects.toMatchObject({ status: 403 });
      const user = await completeSetup(fresh, { ...input, code: code.toLowerCase().replace(/-/g, ' ') }, '192.0.2.1', now);
      expect(user).toMatchObject({ email: 'setup@example.test', role: 'admin' });
      await expect(completeSetup(fresh, { ...input, email: 'second@example.test' }, '192.0.2.1', now)).rejects.toMatchObject({ kind: 'conflict', code: 'already_set_up' });
      const stored = await fresh.getUserByEmail('setup@example.test');
      expect(await verifyPassword('setup-password-1', stored!.passwordHash)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('stores host and API tokens only as hashes; rotation and revocation replace them at once', async () => {
    const enrolled = await createHost(store, { name: 'web', tags: [] }, 'https://watch.example.com');
    expect((await store.findHostByTokenHash(hashToken(enrolled.token)))?.id).toBe(enrolled.id);
    expect(JSON.stringify(await store.getHost(enrolled.id))).not.toContain(enrolled.token);
    const rotated = await rotateHostToken(store, enrolled.id, 'https://watch.example.com');
    expect(await store.findHostByTokenHash(hashToken(enrolled.token))).toBeNull();
    expect((await store.findHostByTokenHash(hashToken(rotated.token)))?.id).toBe(enrolled.id);
    await deleteHost(store, enrolled.id);
    expect(await store.findHostByTokenHash(hashToken(rotated.token))).toBeNull();

    const owner = await createUser(store, { email: 'tokens@example.test', password: 'tokens-password', role: 'viewer' });
    const { token, apiToken } = await createApiToken(store, { userId: owner.id, role: 'viewer' }, { name: 'ci', scope: 'read', expiresInDays: 7 });
    const record = await store.findApiTokenByHash(hashToken(token));
    expect(record).toMatchObject({ id: apiToken.id, scope: 'read', expiresAt: expect.any(Number) });
    expect(JSON.stringify(record)).not.toContain(token);
    expect((await listApiTokens(store, { userId: owner.id, role: 'viewer' })).map((t) => t.id)).toEqual([apiToken.id]);
    await revokeApiToken(store, { userId: owner.id, role: 'viewer' }, apiToken.id);
    expect(await store.findApiTokenByHash(hashToken(token))).toBeNull();
  });
});
