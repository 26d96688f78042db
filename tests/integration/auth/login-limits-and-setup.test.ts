import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { postIngest } from '../../support/http';
import { makeBatch } from '../../support/samples';
import { createUser } from '@/lib/accounts/users';
import { ACCOUNT_FREE_ATTEMPTS, ACCOUNT_SLOT_MS, ADDRESS_MAX_ATTEMPTS } from '@/lib/auth/login-limit';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import { BrowserSession, signInError } from './browser-session';

/** A user made straight in the server's store, as a script (the demo) would. */
async function addUser(server: NextServer, user: { email: string; password: string; role: 'admin' | 'viewer' }) {
  const store = createStore({ kind: 'sqlite', file: path.join(server.dataDir, 'hostwatch.db') }, DEFAULT_RETENTION);
  try {
    await createUser(store, user);
  } finally {
    await store.close();
  }
}

/**
 * A fresh server without ADMIN_EMAIL: the setup code from the log makes the
 * first admin; then sign-in limits (an account slowed but never locked, a
 * known device never slowed, an address refused after spraying, a burst past
 * the hash queue), security headers, and a dump of the store that must hold
 * no secret in plaintext. Clients name their address in X-Forwarded-For,
 * which this server believes from loopback (tests/support/next-server.ts);
 * sign-in-spraying.test.ts runs a server that believes no one.
 */
describe('a fresh server: setup code, sign-in limits, headers, stored secrets', () => {
  let server: NextServer;
  const secrets: string[] = [];
  const ADMIN = { email: 'owner@example.test', password: 'owner-password-42' };

  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints a setup code at start and lets only its holder create the first admin', async () => {
    const code = /setup code \(valid 24 hours, until the first admin exists\): ([A-Z0-9-]+)/.exec(server.output())?.[1];
    expect(code).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);
    const s = new BrowserSession(server.url);
    expect((await s.request('GET', '/api/v1/setup')).json).toEqual({ needed: true });
    const page = await fetch(`${server.url}/setup`, { redirect: 'manual' });
    expect(page.status).toBe(200);

    const wrong = await s.request('POST', '/api/v1/setup', { body: { ...ADMIN, code: 'AAAAA-BBBBB-CCCCC-DDDDD' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe('invalid_setup_code');
    const crossSite = await s.request('POST', '/api/v1/setup', { body: { ...ADMIN, code }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);

    const ok = await s.request('POST', '/api/v1/setup', { body: { ...ADMIN, code: code!.toLowerCase() } });
    expect(ok.status).toBe(201);
    expect(ok.json.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    secrets.push(ADMIN.password, code!);

    const again = await s.request('POST', '/api/v1/setup', { body: { email: 'late@example.test', password: 'late-password-1', code } });
    expect(again.status).toBe(409);
    expect((await s.request('GET', '/api/v1/setup')).json).toEqual({ needed: false });
    const setupPage = await fetch(`${server.url}/setup`, { redirect: 'manual' });
    expect(setupPage.status).toBe(307);
    expect(setupPage.headers.get('location')).toMatch(/\/login$/);
    expect((await s.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('guesses from elsewhere slow the owner\'s account down but never lock the owner out', async () => {
    // The owner's own browser signed in before: it carries the known-device cookie.
    const ownBrowser = new BrowserSession(server.url);
    expect((await ownBrowser.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);

    // The reproduction: five wrong passwords from five addresses, then the right one from a new address.
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) {
      expect((await new BrowserSession(server.url, `198.51.100.${i + 1}`).signIn(ADMIN.email, `wrong-password-${i}`)).status).toBe(401);
    }
    const fromNewAddress = new BrowserSession(server.url, '192.0.2.99');
    expect((await fromNewAddress.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    expect(fromNewAddress.hasSession()).toBe(true);

    // A sustained attack: past the free attempts, one guess per slot; the rest wait seconds, not 15 minutes.
    const answers = [];
    for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS + 10; i++) answers.push(await new BrowserSession(server.url, `198.51.100.${20 + i}`).signIn(ADMIN.email, `guess-${i}`));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(ACCOUNT_SLOT_MS / 1000);
      expect(r.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^This account had many failed sign-ins, so it takes one attempt at a time; try again in \d+ seconds?\.$/) });
    }
    // Meanwhile the owner's own browser is not slowed at all, from wherever it is now.
    expect((await ownBrowser.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('refuses an address that tried too many accounts, whatever it claims to be next; other addresses go on', async () => {
    const address = '203.0.113.50';
    for (let i = 0; i < ADDRESS_MAX_ATTEMPTS; i++) {
      const res = await new BrowserSession(server.url, address).signIn(`nobody-${i}@example.test`, 'whatever-password');
      expect(signInError(res)).toBe('CredentialsSignin');
    }
    const next = await new BrowserSession(server.url, address).signIn('someone-else@example.test', 'whatever-password');
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(next.json.error.message).toMatch(/^Too many sign-in attempts from your network; try again in \d+ minutes?\.$/);
    const other = await new BrowserSession(server.url, '203.0.113.51').signIn('someone-else@example.test', 'whatever-password');
    expect(other.status).toBe(401);
  });

  it('answers a burst of sign-ins beyond the hash queue with 429 and Retry-After at once, never a 5xx', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new BrowserSession(server.url, `100.64.${i >> 8}.${i & 255}`).signIn(`burst-${i}@example.test`, 'burst-password-1')),
    );
    const statuses = burst.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const busy = burst.filter((a) => a.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const b of busy) {
      expect(b.json.error.code).toBe('password_check_busy');
      expect(Number(b.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('sets the security headers on pages and API answers', async () => {
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await page.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    const second = await fetch(`${server.url}/login`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);

    const overTls = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overTls.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
    const api = await fetch(`${server.url}/api/v1/health`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('keeps no token, password or setup code in plaintext in the store, and none in the log', async () => {
    const s = new BrowserSession(server.url, '192.0.2.10');
    const user = { email: 'dump@example.test', password: 'dump-password-77' };
    await addUser(server, { ...user, role: 'admin' });
    secrets.push(user.password);
    expect((await s.signIn(user.email, user.password)).status).toBe(200);
    const host = await s.request('POST', '/api/v1/hosts', { body: { name: 'dumped' } });
    const rotated = await s.request('POST', `/api/v1/hosts/${host.json.id}/rotate-token`);
    const token = await s.request('POST', '/api/v1/tokens', { body: { name: 'dumped' } });
    secrets.push(host.json.token, rotated.json.token, token.json.token);
    expect((await postIngest(server.url, makeBatch(Date.now()), { token: rotated.json.token })).status).toBe(200);
    await fetch(`${server.url}/api/v1/hosts`, { headers: { authorization: `Bearer ${token.json.token}` } });

    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('hostwatch.db'));
    expect(files).toContain('hostwatch.db');
    const dump = files.map((f) => readFileSync(path.join(server.dataDir, f)).toString('latin1')).join('\n');
    for (const secret of secrets) {
      expect(dump.includes(secret), `the store holds a secret in plaintext`).toBe(false);
      // The random part alone, too (a stored token without its prefix would still be a leak).
      expect(dump.includes(secret.replace(/^hw[ahs]_/, ''))).toBe(false);
    }
    const log = server.output();
    const [, setupCode, ...rest] = secrets;
    void setupCode; // printed on purpose: it is how the operator proves they own the server
    for (const secret of [secrets[0], ...rest]) expect(log.includes(secret!)).toBe(false);
  });
});

describe('the per-address sign-in limit is a setting', () => {
  let server: NextServer;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS: '3' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS sets how many attempts one address gets in 15 minutes', async () => {
    const address = '203.0.113.60';
    for (let i = 0; i < 3; i++) expect(signInError(await new BrowserSession(server.url, address).signIn(`n-${i}@example.test`, 'whatever-password'))).toBe('CredentialsSignin');
    expect((await new BrowserSession(server.url, address).signIn('n-3@example.test', 'whatever-password')).status).toBe(429);
  });
});
