import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, revokeApiToken } from '@/lib/accounts/api-tokens';
import { completeSetup, ensureAdmin, issueSetupCode, SETUP_CODE_TTL_MS } from '@/lib/accounts/first-admin';
import { createHost, deleteHost, rotateHostToken, updateHost } from '@/lib/accounts/hosts';
import { Conflict } from '@/lib/errors';
import { createUser, deleteUser, updateUser } from '@/lib/accounts/users';
import {
  ACCOUNT_FREE_ATTEMPTS,
  ACCOUNT_SLOT_MS,
  ADDRESS_MAX_ATTEMPTS,
  admitLoginAttempt,
  DEVICE_MAX_ATTEMPTS,
  LOGIN_WINDOW_MS,
} from '@/lib/auth/login-limit';
import { verifyPassword } from '@/lib/auth/password';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { hashToken } from '@/lib/auth/tokens';
import type { Store } from '@/lib/store/types';
import { everyBackend } from '../../support/store-backends';

/**
 * The account operations on each real store backend: concurrent first starts
 * agree on one admin, concurrent demotions keep one, sign-in limits count in
 * the store (with the clock injected: no test waits for a window to pass),
 * and secrets are stored hashed.
 */
const backends = everyBackend('acc');

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

  // Windows and slots are aligned to the clock; starting on a window boundary makes every count below exact.
  const windowStart = () => Math.ceil(Date.now() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS + LOGIN_WINDOW_MS;

  it('guesses from many addresses slow one account down, never lock it: the owner gets in from a new address in the next slot', async () => {
    await createUser(store, { email: 'owner@example.test', password: 'owner-password-1', role: 'admin' });
    const t0 = windowStart();
    const attempt = (password: string, address: string, at: number) =>
      attemptSignIn(store, { email: 'owner@example.test', password, address, deviceId: null }, at);
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) expect((await attempt('wrong-password', `192.0.2.${i}`, t0 + i)).kind).toBe('invalid');
    // The first attempt past the free ones has the slot: the owner's, from an address never seen, gets in.
    const owner = await attempt('owner-password-1', '198.51.100.7', t0 + 100);
    expect(owner.kind).toBe('ok');

    // Under a sustained attack the slot goes to whoever is first; the rest wait for the next slot, told exactly how long.
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) await attempt('wrong-password', `192.0.2.${10 + i}`, t0 + 200 + i);
    expect((await attempt('wrong-password', '192.0.2.50', t0 + 300)).kind).toBe('invalid');
    const refused = await attempt('owner-password-1', '198.51.100.8', t0 + 400);
    expect(refused).toEqual({ kind: 'rate_limited', reason: 'account', retryAfterSeconds: Math.ceil((ACCOUNT_SLOT_MS - 400) / 1000) });
    expect((await attempt('owner-password-1', '198.51.100.8', t0 + ACCOUNT_SLOT_MS)).kind).toBe('ok');
  });

  it('bounds distributed guessing of one account to the free attempts plus one per slot', async () => {
    const t0 = windowStart();
    let admitted = 0;
    // One guess every 100 ms for a minute, each from a new address: 600 tries.
    for (let i = 0; i < 600; i++) {
      const verdict = await admitLoginAttempt(store, { email: 'target@example.test', address: `10.${i >> 8}.${i & 255}.1`, deviceId: null }, t0 + i * 100);
      if (!verdict.limited) admitted++;
    }
    expect(admitted).toBe(ACCOUNT_FREE_ATTEMPTS + 60_000 / ACCOUNT_SLOT_MS);
  });

  it('refuses an address after its attempts on any accounts, whatever their outcome; other addresses go on', async () => {
    const t0 = windowStart();
    const spray = (i: number, address: string) => admitLoginAttempt(store, { email: `sprayed-${i}@example.test`, address, deviceId: null }, t0 + i);
    for (let i = 0; i < ADDRESS_MAX_ATTEMPTS; i++) expect((await spray(i, '203.0.113.9')).limited).toBe(false);
    expect(await spray(ADDRESS_MAX_ATTEMPTS, '203.0.113.9')).toEqual({ limited: true, reason: 'address', retryAfterSeconds: LOGIN_WINDOW_MS / 1000 });
    expect((await spray(ADDRESS_MAX_ATTEMPTS + 1, '203.0.113.10')).limited).toBe(false);
    // The next window starts over.
    expect((await admitLoginAttempt(store, { email: 'x@example.test', address: '203.0.113.9', deviceId: null }, t0 + LOGIN_WINDOW_MS)).limited).toBe(false);
  });

  it('a known device skips the address limit and the slow-down, until it fails too often itself', async () => {
    await createUser(store, { email: 'device@example.test', password: 'device-password-1', role: 'viewer' });
    const t0 = windowStart();
    const address = '198.51.100.200';
    // Someone on the same network sprays, and someone guesses this account from everywhere.
    for (let i = 0; i < ADDRESS_MAX_ATTEMPTS + 1; i++) await admitLoginAttempt(store, { email: `other-${i}@example.test`, address, deviceId: null }, t0 + i);
    for (let i = 0; i < 20; i++) await admitLoginAttempt(store, { email: 'device@example.test', address: `10.9.9.${i}`, deviceId: null }, t0 + 100 + i);
    const stranger = await attemptSignIn(store, { email: 'device@example.test', password: 'device-password-1', address, deviceId: null }, t0 + 200);
    expect(stranger).toMatchObject({ kind: 'rate_limited', reason: 'address' });
    const known = await attemptSignIn(store, { email: 'device@example.test', password: 'device-password-1', address, deviceId: 'device-aaaaaaaa' }, t0 + 300);
    expect(known.kind).toBe('ok');
    // Its own limit: past it the device is a stranger again (and this address is over its limit).
    const verdicts = [];
    for (let i = 0; i <= DEVICE_MAX_ATTEMPTS; i++) {
      verdicts.push(await admitLoginAttempt(store, { email: 'device@example.test', address, deviceId: 'device-bbbbbbbb' }, t0 + 400 + i));
    }
    expect(verdicts.slice(0, DEVICE_MAX_ATTEMPTS).every((v) => !v.limited)).toBe(true);
    expect(verdicts[DEVICE_MAX_ATTEMPTS]).toMatchObject({ limited: true, reason: 'address' });
  });

  it('a success clears the account\'s count, so a user who mistypes now and then is never slowed', async () => {
    await createUser(store, { email: 'typo@example.test', password: 'typo-password-1', role: 'viewer' });
    const t0 = windowStart();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS - 1; i++) {
        await attemptSignIn(store, { email: 'typo@example.test', password: 'nope', address: `192.0.2.${round}`, deviceId: null }, t0 + round * 10 + i);
      }
      const ok = await attemptSignIn(store, { email: 'typo@example.test', password: 'typo-password-1', address: `192.0.2.${round}`, deviceId: null }, t0 + round * 10 + 5);
      expect(ok.kind).toBe('ok');
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

  it('refuses a host name another host has, whatever its case, with a 409 that names the name; on create and rename', async () => {
    const web = await createHost(store, { name: 'Unique-Web', tags: [] }, 'https://watch.example.com');
    const err = await createHost(store, { name: 'unique-WEB', tags: [] }, 'https://watch.example.com').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Conflict);
    expect((err as Conflict).code).toBe('host_name_taken');
    expect((err as Conflict).message).toBe('A host named “unique-WEB” already exists (names are compared ignoring case). Choose another name.');
    const db = await createHost(store, { name: 'unique-db', tags: [] }, 'https://watch.example.com');
    await expect(updateHost(store, db.id, { name: 'UNIQUE-web' })).rejects.toThrow('A host named “UNIQUE-web” already exists');
    expect((await updateHost(store, web.id, { name: 'unique-web' })).name).toBe('unique-web');
    expect((await store.listHosts()).filter((h) => h.name.toLowerCase() === 'unique-web')).toHaveLength(1);
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
