import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { base32Decode, totpAtStep, totpStep } from '@/lib/auth/totp';
import { BrowserSession, signInError } from './browser-session';

/**
 * Two-factor through the real server (`next start`): the credentials
 * callback answers "code required" after a right password, takes the code in
 * the same form, refuses a wrong or replayed one; the enrolment endpoints,
 * the admin's reset and the "require two-factor" setting, which holds a
 * user without it to the enrolment pages and endpoints.
 *
 * The server reads the real clock, so codes are computed here at the real
 * time. Nothing waits for a step: after a step is used, the next step's
 * code is taken (the server accepts one step either side of now).
 */
const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };
const nextCode = (secret: string) => totpAtStep(base32Decode(secret), totpStep(Date.now()) + 1);
const currentCode = (secret: string) => totpAtStep(base32Decode(secret), totpStep(Date.now()));
/** Six digits that are no code of the steps the server may accept around now. */
function wrongCode(secret: string): string {
  const now = totpStep(Date.now());
  const taken = new Set([now - 1, now, now + 1, now + 2].map((s) => totpAtStep(base32Decode(secret), s)));
  let guess = 0;
  while (taken.has(String(guess).padStart(6, '0'))) guess++;
  return String(guess).padStart(6, '0');
}

describe('two-factor codes over HTTP', () => {
  let server: NextServer;
  let admin: BrowserSession;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function newUser(name: string) {
    const login = { email: `${name}@example.test`, password: `${name}-password-1` };
    const created = await admin.request('POST', '/api/v1/users', { body: { ...login, role: 'viewer' } });
    expect(created.status).toBe(201);
    const session = new BrowserSession(server.url);
    expect((await session.signIn(login.email, login.password)).status).toBe(200);
    return { ...login, id: created.json.user.id as string, session };
  }

  /** Enrols through the API; the confirming code is the current step's. */
  async function enrol(session: BrowserSession) {
    const begun = await session.request('POST', '/api/v1/account/two-factor');
    expect(begun.status).toBe(201);
    const secret = begun.json.secret as string;
    expect(begun.json.uri).toMatch(/^otpauth:\/\/totp\/Hostwatch:/);
    expect(begun.json.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const wrong = await session.request('POST', '/api/v1/account/two-factor/confirm', { body: { code: 'abcdef' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('wrong_code');
    const confirmed = await session.request('POST', '/api/v1/account/two-factor/confirm', { body: { code: currentCode(secret) } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.recoveryCodes).toHaveLength(10);
    return { secret, recoveryCodes: confirmed.json.recoveryCodes as string[] };
  }

  it('asks for the code after the password, refuses wrong and replayed codes, and takes a recovery code once', async () => {
    const ann = await newUser('ann');
    const { secret, recoveryCodes } = await enrol(ann.session);
    expect((await ann.session.request('GET', '/api/v1/account/two-factor')).json).toEqual({ state: 'on', recoveryCodesLeft: 10, required: false, mustEnrol: false });

    const s = new BrowserSession(server.url);
    const asked = await s.signIn(ann.email, ann.password);
    expect(asked.status).toBe(401);
    expect(signInError(asked)).toBe('TwoFactorRequired');
    expect(s.hasSession()).toBe(false);
    const wrongPassword = await s.signIn(ann.email, 'not-the-password', nextCode(secret));
    expect(signInError(wrongPassword)).toBe('CredentialsSignin');
    const wrong = await s.signIn(ann.email, ann.password, wrongCode(secret));
    expect(signInError(wrong)).toBe('TwoFactorInvalid');
    expect(s.hasSession()).toBe(false);

    const code = nextCode(secret);
    expect((await s.signIn(ann.email, ann.password, code)).status).toBe(200);
    expect(s.hasSession()).toBe(true);
    expect((await s.request('GET', '/api/v1/account')).json.user.email).toBe(ann.email);

    const replay = new BrowserSession(server.url);
    expect(signInError(await replay.signIn(ann.email, ann.password, code))).toBe('TwoFactorInvalid');
    expect(replay.hasSession()).toBe(false);

    const recovery = new BrowserSession(server.url);
    expect((await recovery.signIn(ann.email, ann.password, recoveryCodes[0])).status).toBe(200);
    const again = new BrowserSession(server.url);
    expect(signInError(await again.signIn(ann.email, ann.password, recoveryCodes[0]))).toBe('TwoFactorInvalid');
    expect((await ann.session.request('GET', '/api/v1/account/two-factor')).json.recoveryCodesLeft).toBe(9);

    // Turning off needs both factors; a recovery code counts as the second.
    const off = await ann.session.request('POST', '/api/v1/account/two-factor/disable', { body: { password: 'wrong-one-1', code: recoveryCodes[1] } });
    expect(off.status).toBe(400);
    expect((await ann.session.request('POST', '/api/v1/account/two-factor/disable', { body: { password: ann.password, code: recoveryCodes[1] } })).status).toBe(204);
    expect((await new BrowserSession(server.url).signIn(ann.email, ann.password)).status).toBe(200);
  });

  it('shows each user\'s state to admins, and an admin reset lets the user in with the password alone', async () => {
    const bob = await newUser('bob');
    await enrol(bob.session);
    const listed = await admin.request('GET', '/api/v1/users');
    expect(listed.json.users.find((u: { email: string }) => u.email === bob.email).twoFactor).toBe('on');
    expect(listed.json.users.find((u: { email: string }) => u.email === ADMIN.email).twoFactor).toBe('off');
    expect((await bob.session.request('DELETE', `/api/v1/users/${bob.id}/two-factor`)).status).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/users/${bob.id}/two-factor`)).status).toBe(204);
    expect((await admin.request('GET', '/api/v1/users')).json.users.find((u: { email: string }) => u.email === bob.email).twoFactor).toBe('off');
    expect((await new BrowserSession(server.url).signIn(bob.email, bob.password)).status).toBe(200);
  });

  it('"require two-factor" holds users without it to enrolment until they have enrolled', async () => {
    const carol = await newUser('carol');
    expect((await carol.session.request('PUT', '/api/v1/settings/two-factor', { body: { required: true } })).status).toBe(403);
    const bad = await admin.request('PUT', '/api/v1/settings/two-factor', { body: { required: 'yes' } });
    expect(bad.status).toBe(400);
    // The admin enrols first, or the setting would hold them back too.
    const adminFactor = await enrol(admin);
    expect((await admin.request('PUT', '/api/v1/settings/two-factor', { body: { required: true } })).json).toEqual({ required: true });
    expect((await admin.request('GET', '/api/v1/settings/two-factor')).json).toEqual({ required: true });

    const held = await carol.session.request('GET', '/api/v1/fleet');
    expect(held.status).toBe(403);
    expect(held.json.error.code).toBe('two_factor_enrolment_required');
    expect((await carol.session.request('GET', '/api/v1/account')).status).toBe(200);
    const page = await fetch(`${server.url}/`, { headers: { cookie: carol.session.cookieHeader() }, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toMatch(/\/settings\/account$/);
    const accountPage = await fetch(`${server.url}/settings/account`, { headers: { cookie: carol.session.cookieHeader() }, redirect: 'manual' });
    expect(accountPage.status).toBe(200);
    expect(await accountPage.text()).toContain('An admin requires two-factor codes');

    await enrol(carol.session);
    expect((await carol.session.request('GET', '/api/v1/fleet')).status).toBe(200);
    expect((await admin.request('GET', '/api/v1/fleet')).status).toBe(200);
    expect(adminFactor.recoveryCodes).toHaveLength(10);
    expect((await admin.request('PUT', '/api/v1/settings/two-factor', { body: { required: false } })).json).toEqual({ required: false });
  });
});
