import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginEnrolment, confirmEnrolment, disableTwoFactor, resetTwoFactor, twoFactorStatus } from '@/lib/accounts/two-factor';
import { createUser, deleteUser } from '@/lib/accounts/users';
import { ACCOUNT_FREE_ATTEMPTS, ADDRESS_MAX_ATTEMPTS, LOGIN_WINDOW_MS } from '@/lib/auth/login-limit';
import { hashRecoveryCode } from '@/lib/auth/recovery-codes';
import { openSecret } from '@/lib/auth/secret-box';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { base32Decode, totpAtStep, totpStep } from '@/lib/auth/totp';
import { enrolmentPending, setTwoFactorRequired } from '@/lib/auth/two-factor-policy';
import { DomainError } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import { everyBackend } from '../../support/store-backends';

/**
 * Two-factor sign-in on each real store backend, with the clock injected
 * (codes are computed for the test's own `now`, so nothing waits for a step
 * to pass): enrol, then the password alone asks for a code, a wrong code and
 * a replayed one are refused, a recovery code works once, and a right
 * password with a wrong code keeps the account's sign-in count growing.
 */
const backends = everyBackend('tfa');

// Aligned to a sign-in window (and so to a 30-second step): every count and step below is exact.
const windowStart = () => Math.ceil(Date.now() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS + LOGIN_WINDOW_MS;

const codeOf = (secret: string, step: number) => totpAtStep(base32Decode(secret), step);
const wrongCode = (secret: string, step: number) => {
  const taken = new Set([step - 1, step, step + 1].map((s) => codeOf(secret, s)));
  let guess = 0;
  while (taken.has(String(guess).padStart(6, '0'))) guess++;
  return String(guess).padStart(6, '0');
};

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe.each(backends)('two-factor sign-in on %s', (_name, open) => {
  let store: Store;
  beforeAll(() => {
    store = open();
  });
  afterAll(async () => {
    await store?.close();
  });

  /** A user with two-factor on, enrolled at t0 (the confirming code used step t0). */
  async function enrolled(email: string, t0: number) {
    const user = await createUser(store, { email, password: 'two-factor-pass-1', role: 'viewer' });
    const { secret, uri, qrCode, groupedSecret } = await beginEnrolment(store, user.id, t0);
    expect(uri).toContain(`secret=${secret}`);
    expect(groupedSecret.replace(/ /g, '')).toBe(secret);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');
    expect((await twoFactorStatus(store, user.id)).state).toBe('pending');
    const { recoveryCodes } = await confirmEnrolment(store, user.id, { code: codeOf(secret, totpStep(t0)) }, t0);
    return { user, secret, recoveryCodes };
  }

  it('stores the secret sealed and the recovery codes keyed-hashed, never in plain', async () => {
    const t0 = windowStart();
    const { user, secret, recoveryCodes } = await enrolled('sealed@example.test', t0);
    const record = (await store.getTwoFactor(user.id))!;
    expect(record.enabled).toBe(true);
    expect(record.sealedSecret).not.toContain(secret);
    expect(openSecret(record.sealedSecret, user.id)).toBe(secret);
    expect(openSecret(record.sealedSecret, 'another-user')).toBeNull();
    expect(openSecret(record.sealedSecret, user.id, 'a-different-server-secret')).toBeNull();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(record.recoveryHashes.sort()).toEqual(recoveryCodes.map((c) => hashRecoveryCode(user.id, c)).sort());
    for (const c of recoveryCodes) expect(record.recoveryHashes.join()).not.toContain(c.replace(/-/g, ''));
    expect(await twoFactorStatus(store, user.id)).toEqual({ state: 'on', recoveryCodesLeft: 10, required: false, mustEnrol: false });
  });

  it('confirming needs a right code, and a wrong one leaves two-factor off', async () => {
    const t0 = windowStart();
    const user = await createUser(store, { email: 'confirm@example.test', password: 'two-factor-pass-1', role: 'viewer' });
    const { secret } = await beginEnrolment(store, user.id, t0);
    expect((await rejection(confirmEnrolment(store, user.id, { code: wrongCode(secret, totpStep(t0)) }, t0))).code).toBe('wrong_code');
    // Two steps off is outside the window.
    expect((await rejection(confirmEnrolment(store, user.id, { code: codeOf(secret, totpStep(t0) + 2) }, t0))).code).toBe('wrong_code');
    expect((await twoFactorStatus(store, user.id)).state).toBe('pending');
    expect((await attemptSignIn(store, { email: 'confirm@example.test', password: 'two-factor-pass-1', address: '203.0.113.9', deviceId: null }, t0)).kind).toBe('ok');
    await confirmEnrolment(store, user.id, { code: codeOf(secret, totpStep(t0) + 1) }, t0);
    expect((await rejection(beginEnrolment(store, user.id, t0))).code).toBe('two_factor_on');
  });

  it('asks for a code after the password, refuses wrong and replayed codes, takes a recovery code once', async () => {
    const t0 = windowStart();
    const { user, secret, recoveryCodes } = await enrolled('codes@example.test', t0);
    const step = totpStep(t0);
    const attempt = (password: string, code: string | undefined, at: number, address = '203.0.113.10') =>
      attemptSignIn(store, { email: 'codes@example.test', password, address, deviceId: null, code }, at);

    expect((await attempt('two-factor-pass-1', undefined, t0 + 1)).kind).toBe('code_required');
    // A wrong password says nothing about codes, with or without one.
    expect((await attempt('wrong-password-1', codeOf(secret, step + 1), t0 + 2)).kind).toBe('invalid');
    expect((await attempt('two-factor-pass-1', wrongCode(secret, step), t0 + 3)).kind).toBe('code_invalid');
    // The code that confirmed the enrolment is used up; the next step's is accepted (±1 step), once.
    expect((await attempt('two-factor-pass-1', codeOf(secret, step), t0 + 4)).kind).toBe('code_invalid');
    const ok = await attempt('two-factor-pass-1', codeOf(secret, step + 1), t0 + 5);
    expect(ok.kind).toBe('ok');
    expect(ok.kind === 'ok' && ok.user.id).toBe(user.id);
    expect((await attempt('two-factor-pass-1', codeOf(secret, step + 1), t0 + 6)).kind).toBe('code_invalid');
    // Two steps later the code of that time works; an older one never does again.
    expect((await attempt('two-factor-pass-1', codeOf(secret, step + 3), t0 + 90_000)).kind).toBe('ok');
    expect((await attempt('two-factor-pass-1', codeOf(secret, step + 2), t0 + 90_001)).kind).toBe('code_invalid');

    const [first, second] = recoveryCodes;
    expect((await attempt('two-factor-pass-1', first!.toUpperCase(), t0 + 90_002)).kind).toBe('ok');
    expect((await attempt('two-factor-pass-1', first!, t0 + 90_003)).kind).toBe('code_invalid');
    expect((await attempt('two-factor-pass-1', ` ${second!.replace(/-/g, ' ')} `, t0 + 90_004)).kind).toBe('ok');
    expect((await twoFactorStatus(store, user.id)).recoveryCodesLeft).toBe(8);
  });

  it('lets exactly one of two sign-ins racing with the same code in', async () => {
    const t0 = windowStart();
    const { secret } = await enrolled('race@example.test', t0);
    const code = codeOf(secret, totpStep(t0) + 1);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        attemptSignIn(store, { email: 'race@example.test', password: 'two-factor-pass-1', address: `203.0.113.${20 + i}`, deviceId: null, code }, t0 + i),
      ),
    );
    expect(results.map((r) => r.kind).sort()).toEqual(['code_invalid', 'code_invalid', 'code_invalid', 'ok']);
  });

  it('counts code attempts against the account and address limits: a right password with a wrong code never clears the count', async () => {
    const t0 = windowStart();
    const { secret } = await enrolled('limits@example.test', t0);
    const step = totpStep(t0);
    const attempt = (code: string | undefined, address: string, at: number) =>
      attemptSignIn(store, { email: 'limits@example.test', password: 'two-factor-pass-1', address, deviceId: null, code }, at);
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) expect((await attempt(wrongCode(secret, step), `198.51.100.${i}`, t0 + i)).kind).toBe('code_invalid');
    // Past the free attempts one attempt per slot is checked: the first gets in with its right code…
    expect((await attempt(codeOf(secret, step + 1), '198.51.100.50', t0 + 100)).kind).toBe('ok');
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) expect((await attempt(wrongCode(secret, step), `198.51.100.${60 + i}`, t0 + 200 + i)).kind).not.toBe('ok');
    // …and once the slot is taken by a guess, even the right code waits, told why.
    expect((await attempt(wrongCode(secret, step), '198.51.100.80', t0 + 16_000)).kind).toBe('code_invalid');
    const held = await attempt(codeOf(secret, step + 1), '198.51.100.81', t0 + 16_001);
    expect(held).toMatchObject({ kind: 'rate_limited', reason: 'account' });

    // One address asking for codes on and on is refused like any sign-in from there.
    const other = await enrolled('limits-address@example.test', t0);
    for (let i = 0; i < ADDRESS_MAX_ATTEMPTS; i++) {
      await attemptSignIn(store, { email: 'limits-address@example.test', password: 'two-factor-pass-1', address: '192.0.2.200', deviceId: null, code: wrongCode(other.secret, step) }, t0 + 20_000 + i * 16_000);
    }
    const refused = await attemptSignIn(
      store,
      { email: 'limits-address@example.test', password: 'two-factor-pass-1', address: '192.0.2.200', deviceId: null, code: codeOf(other.secret, step + 1) },
      t0 + 20_000 + ADDRESS_MAX_ATTEMPTS * 16_000,
    );
    expect(refused).toMatchObject({ kind: 'rate_limited', reason: 'address' });
  });

  it('turns off only with the password and a code; an admin reset and deleting the user remove it too', async () => {
    const t0 = windowStart();
    const { user, secret } = await enrolled('off@example.test', t0);
    const step = totpStep(t0);
    expect((await rejection(disableTwoFactor(store, user.id, { password: 'wrong-password-1', code: codeOf(secret, step + 1) }, t0))).code).toBe('wrong_password');
    expect((await rejection(disableTwoFactor(store, user.id, { password: 'two-factor-pass-1', code: wrongCode(secret, step) }, t0))).code).toBe('wrong_code');
    expect((await twoFactorStatus(store, user.id)).state).toBe('on');
    await disableTwoFactor(store, user.id, { password: 'two-factor-pass-1', code: codeOf(secret, step + 1) }, t0);
    expect((await twoFactorStatus(store, user.id)).state).toBe('off');
    expect((await attemptSignIn(store, { email: 'off@example.test', password: 'two-factor-pass-1', address: '203.0.113.30', deviceId: null }, t0)).kind).toBe('ok');

    const again = await enrolled('reset@example.test', t0);
    await resetTwoFactor(store, again.user.id);
    expect(await store.getTwoFactor(again.user.id)).toBeNull();
    const third = await enrolled('deleted@example.test', t0);
    await deleteUser(store, third.user.id);
    expect(await store.getTwoFactor(third.user.id)).toBeNull();
  });

  it('"require two-factor" holds back exactly the users without an enabled enrolment', async () => {
    const t0 = windowStart();
    const { user } = await enrolled('kept@example.test', t0);
    const bare = await createUser(store, { email: 'bare@example.test', password: 'two-factor-pass-1', role: 'viewer' });
    expect(await enrolmentPending(store, bare.id)).toBe(false);
    await setTwoFactorRequired(store, true);
    try {
      expect(await enrolmentPending(store, bare.id)).toBe(true);
      expect(await enrolmentPending(store, user.id)).toBe(false);
      expect((await twoFactorStatus(store, bare.id)).mustEnrol).toBe(true);
      // A pending enrolment is not enough.
      await beginEnrolment(store, bare.id, t0);
      expect(await enrolmentPending(store, bare.id)).toBe(true);
    } finally {
      await setTwoFactorRequired(store, false);
    }
    expect(await enrolmentPending(store, bare.id)).toBe(false);
  });
});
