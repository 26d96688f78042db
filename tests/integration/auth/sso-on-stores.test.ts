import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREAK_GLASS_EMAIL, BREAK_GLASS_TTL_MS, issueBreakGlassCode, redeemBreakGlassCode } from '@/lib/auth/break-glass';
import { currentSessionVersion, storedSessionVersion } from '@/lib/auth/session-version';
import { hashPassword } from '@/lib/auth/password';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { endRefused, ssoUser } from '@/lib/auth/sso-sign-in';
import { enrolmentPending, setTwoFactorRequired } from '@/lib/auth/two-factor-policy';
import type { Store } from '@/lib/store/types';
import { everyBackend } from '../../support/store-backends';

/**
 * Single sign-on's use of the store on each real backend: first sign-in creates the user with the mapped role,
 * the next finds them by provider + subject (whatever their email now), a new role is written at each sign-in,
 * a password user is joined only on a verified email, a refused linked user's sessions end, a provider-only user
 * has no password to guess, and the break-glass code works once.
 */
const backends = everyBackend('sso');

const NOW = 1_764_000_000_000;

describe.each(backends)('single sign-on on %s', (_name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('creates the user at the first sign-in, finds them by subject after, and writes the role each time', async () => {
    const base = { provider: 'oidc', subject: 'sub-ada', email: 'Ada@Example.com', emailVerified: true, name: 'Ada', role: 'admin' as const };
    const first = await ssoUser(store, base, NOW);
    expect(first.kind).toBe('ok');
    const created = first.kind === 'ok' ? first.user : null;
    expect(created).toMatchObject({ email: 'ada@example.com', role: 'admin', passwordHash: '', identities: [{ provider: 'oidc', subject: 'sub-ada', linkedAt: NOW }] });
    // The email changed at the provider, the group too: same user, new role.
    const again = await ssoUser(store, { ...base, email: 'ada.l@example.com', role: 'viewer' }, NOW + 1);
    expect(again).toEqual({ kind: 'ok', user: { ...created, role: 'viewer' } });
    expect((await store.getUser(created!.id))?.role).toBe('viewer');
    expect((await store.listUsers()).filter((u) => u.email.startsWith('ada'))).toHaveLength(1);
  });

  it('joins a password user only when the provider verified the email', async () => {
    await store.createUser({ id: 'pw-bob', email: 'bob@example.com', name: 'Bob', role: 'viewer', passwordHash: await hashPassword('bob-password-long-1'), createdAt: NOW });
    const base = { provider: 'github', subject: '42', email: 'bob@example.com', name: 'Bob', role: 'admin' as const };
    expect(await ssoUser(store, { ...base, emailVerified: false }, NOW)).toEqual({ kind: 'refused', reason: 'link_unverified' });
    expect((await store.getUser('pw-bob'))?.identities).toBeUndefined();
    const joined = await ssoUser(store, { ...base, emailVerified: true }, NOW);
    expect(joined).toMatchObject({ kind: 'ok', user: { id: 'pw-bob', role: 'admin', identities: [{ provider: 'github', subject: '42' }] } });
    // The password still works for the joined user.
    const signIn = await attemptSignIn(store, { email: 'bob@example.com', password: 'bob-password-long-1', address: '192.0.2.10', deviceId: null }, NOW);
    expect(signIn.kind).toBe('ok');
  });

  it('a provider-only user has no password that signs in', async () => {
    await ssoUser(store, { provider: 'oidc', subject: 'sub-cy', email: 'cy@example.com', emailVerified: true, name: '', role: 'viewer' }, NOW);
    for (const password of ['', 'not-a-real-password-0000']) {
      const r = await attemptSignIn(store, { email: 'cy@example.com', password, address: '192.0.2.11', deviceId: null }, NOW);
      expect(r.kind).toBe('invalid');
    }
  });

  it('"require two-factor" holds back password users only, never a provider-only user', async () => {
    const r = await ssoUser(store, { provider: 'oidc', subject: 'sub-eve', email: 'eve@example.com', emailVerified: true, name: 'Eve', role: 'viewer' }, NOW);
    await store.createUser({ id: 'pw-fay', email: 'fay@example.com', name: 'Fay', role: 'viewer', passwordHash: 'scrypt$x', createdAt: NOW });
    await setTwoFactorRequired(store, true);
    expect(await enrolmentPending(store, r.kind === 'ok' ? r.user.id : '')).toBe(false);
    expect(await enrolmentPending(store, 'pw-fay')).toBe(true);
    await setTwoFactorRequired(store, false);
  });

  it('ends every session of a linked user the provider now refuses', async () => {
    const r = await ssoUser(store, { provider: 'oidc', subject: 'sub-dee', email: 'dee@example.com', emailVerified: true, name: 'Dee', role: 'viewer' }, NOW);
    const id = r.kind === 'ok' ? r.user.id : '';
    const before = await currentSessionVersion(store, id);
    await endRefused(store, 'oidc', 'sub-dee');
    expect(await storedSessionVersion(store, id)).not.toBe(before);
    await endRefused(store, 'oidc', 'nobody'); // no such user: nothing to end, no error
  });

  it('the break-glass code signs in once as the break-glass admin, and never joins a provider account', async () => {
    const code = await issueBreakGlassCode(store, NOW);
    expect(code).toMatch(/^([A-Z2-9]{4}-){7}[A-Z2-9]{4}$/);
    expect(await redeemBreakGlassCode(store, 'AAAA-BBBB', NOW)).toBeNull();
    const [one, two] = await Promise.all([redeemBreakGlassCode(store, code.toLowerCase(), NOW + 1), redeemBreakGlassCode(store, code, NOW + 1)]);
    const winner = one ?? two;
    expect([one, two].filter(Boolean)).toHaveLength(1);
    expect(winner).toMatchObject({ email: BREAK_GLASS_EMAIL, role: 'admin', passwordHash: '' });
    expect(await redeemBreakGlassCode(store, code, NOW + 2)).toBeNull();
    const late = await issueBreakGlassCode(store, NOW);
    expect(await redeemBreakGlassCode(store, late, NOW + BREAK_GLASS_TTL_MS)).toBeNull();
    // Nothing stored holds the code itself.
    expect(await store.getMeta(`break-glass-code:${code}`)).toBeNull();
    expect(await ssoUser(store, { provider: 'oidc', subject: 'x', email: BREAK_GLASS_EMAIL, emailVerified: true, name: '', role: 'admin' }, NOW)).toEqual({ kind: 'refused', reason: 'identity_taken' });
  });
});
