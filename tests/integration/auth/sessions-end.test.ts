import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiToken, openSqliteStoreAt } from '../../support/hosts';
import { startNextServer, type NextServer } from '../../support/next-server';
import type { Store } from '@/lib/store/types';
import { BrowserSession } from './browser-session';

/**
 * Sessions end on the server (issue #12, item 4). The reproduction: after
 * `POST /api/auth/signout` a copy of the cookie still worked as admin for 30
 * days, `/api/auth/session` re-issued it, and it reported `role: "admin"`
 * after a demotion or deletion.
 */
const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };

/** A request with a cookie copied out of a browser, as an attacker replays it. */
async function replay(server: NextServer, cookie: string, path: string) {
  const res = await fetch(server.url + path, { headers: { cookie } });
  const text = await res.text();
  return { status: res.status, setCookie: res.headers.getSetCookie(), json: text ? JSON.parse(text) : null };
}

describe('ending sessions', () => {
  let server: NextServer;
  let store: Store;
  let admin: BrowserSession;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    store = await openSqliteStoreAt(server.dataDir);
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  async function newUser(role: 'admin' | 'viewer', name: string) {
    const login = { email: `${name}@example.test`, password: `${name}-password-1` };
    const created = await admin.request('POST', '/api/v1/users', { body: { ...login, role } });
    expect(created.status).toBe(201);
    return { ...login, id: created.json.user.id as string };
  }

  async function signedIn(login: { email: string; password: string }) {
    const s = new BrowserSession(server.url);
    expect((await s.signIn(login.email, login.password)).status).toBe(200);
    return s;
  }

  it('signing out ends the session on the server: a copied cookie is refused and /api/auth/session does not re-issue it', async () => {
    const user = await newUser('admin', 'leaver');
    const browser = await signedIn(user);
    const copied = browser.cookieHeader();
    expect((await replay(server, copied, '/api/v1/account')).status).toBe(200);

    expect((await browser.signOut()).status).toBe(200);
    expect(browser.hasSession()).toBe(false);

    const api = await replay(server, copied, '/api/v1/account');
    expect(api.status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/hosts`, { method: 'POST', headers: { cookie: copied, 'content-type': 'application/json', origin: server.url }, body: '{"name":"x"}' })).status).toBe(401);
    const page = await fetch(`${server.url}/settings/account`, { headers: { cookie: copied }, redirect: 'manual' });
    await page.body?.cancel();
    expect(new URL(page.headers.get('location') ?? '/x', server.url).pathname).toBe('/login');

    const session = await replay(server, copied, '/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.json).toEqual({});
    // The only session cookie in the answer removes it; none is issued.
    const sessionCookies = session.setCookie.filter((c) => c.startsWith('next-auth.session-token'));
    expect(sessionCookies.length).toBeGreaterThan(0);
    expect(sessionCookies.every((c) => /^next-auth\.session-token=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
  });

  it('a sign-out without the CSRF token ends nothing', async () => {
    const user = await newUser('viewer', 'forced');
    const browser = await signedIn(user);
    const forged = await fetch(`${server.url}/api/auth/signout`, {
      method: 'POST',
      headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'csrfToken=not-the-token&json=true',
    });
    await forged.body?.cancel();
    expect((await browser.request('GET', '/api/v1/account')).status).toBe(200);
  });

  it('/api/auth/session reports the role and name the store has now, and nothing once the user is gone', async () => {
    const user = await newUser('admin', 'demoted');
    const browser = await signedIn(user);
    expect((await browser.request('GET', '/api/auth/session')).json.user).toEqual({ id: user.id, email: user.email, name: 'demoted', role: 'admin' });
    expect((await admin.request('PATCH', `/api/v1/users/${user.id}`, { body: { role: 'viewer', name: 'Demoted Dan' } })).status).toBe(200);
    const after = await browser.request('GET', '/api/auth/session');
    expect(after.json.user).toEqual({ id: user.id, email: user.email, name: 'Demoted Dan', role: 'viewer' });
    // Never re-issued: a session lasts from sign-in, not from its last use.
    expect(after.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='))).toBe(false);
    expect(after.json.expires).toEqual(expect.any(String));

    expect((await admin.request('DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await browser.request('GET', '/api/auth/session')).json).toEqual({});
  });

  it('"sign out everywhere" ends every session of the account, and only with a session', async () => {
    const user = await newUser('viewer', 'everywhere');
    const laptop = await signedIn(user);
    const phone = await signedIn(user);
    const other = await signedIn(await newUser('viewer', 'bystander'));

    const token = await createTestApiToken(store, { scope: 'admin' });
    const byToken = await fetch(`${server.url}/api/v1/account/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${token.token}` } });
    expect(byToken.status).toBe(403);
    expect((await byToken.json()).error.code).toBe('session_required');

    expect((await laptop.request('DELETE', '/api/v1/account/sessions')).status).toBe(204);
    expect((await laptop.request('GET', '/api/v1/account')).status).toBe(401);
    expect((await phone.request('GET', '/api/v1/account')).status).toBe(401);
    // Someone else's sessions are not touched.
    expect((await other.request('GET', '/api/v1/account')).status).toBe(200);
    // And signing in again works.
    expect((await (await signedIn(user)).request('GET', '/api/v1/account')).status).toBe(200);
  });
});
