import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { createTestApiToken, openSqliteStoreAt } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { makeBatch } from '../../support/samples';
import type { Store } from '@/lib/store/types';
import { BrowserSession, signInError } from './browser-session';

/**
 * Who may do what over real HTTP against `next start` on SQLite: admins,
 * viewers, API tokens by scope, host tokens, sessions after password
 * changes, deletions and sign-out.
 */
const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };

describe('accounts, hosts and tokens over HTTP', () => {
  let server: NextServer;
  let store: Store;
  let admin: BrowserSession;
  let viewer: BrowserSession;
  const viewerLogin = { email: 'viewer@example.test', password: 'viewer-password-123' };
  let viewerId: string;

  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    store = await openSqliteStoreAt(server.dataDir);
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const created = await admin.request('POST', '/api/v1/users', { body: { ...viewerLogin, name: 'Vera', role: 'viewer' } });
    expect(created.status).toBe(201);
    viewerId = created.json.user.id;
    viewer = new BrowserSession(server.url);
    expect((await viewer.signIn(viewerLogin.email, viewerLogin.password)).status).toBe(200);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD and signs them in', async () => {
    expect(server.output()).toContain(`created the first admin ${ADMIN.email}`);
    expect(server.output()).not.toContain(ADMIN.password);
    const me = await admin.request('GET', '/api/v1/account');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email: ADMIN.email, role: 'admin' }, via: { kind: 'session' } });
  });

  it('refuses a wrong password with next-auth\'s CredentialsSignin and sets no session', async () => {
    const s = new BrowserSession(server.url);
    const res = await s.signIn(ADMIN.email, 'wrong-password-000');
    expect(res.status).toBe(401);
    expect(signInError(res)).toBe('CredentialsSignin');
    expect(s.hasSession()).toBe(false);
    expect((await s.request('GET', '/api/v1/account')).status).toBe(401);
  });

  it('never answers with a password hash', async () => {
    const list = await admin.request('GET', '/api/v1/users');
    expect(list.status).toBe(200);
    expect(list.json.users.map((u: { email: string }) => u.email)).toEqual([ADMIN.email, viewerLogin.email]);
    expect(JSON.stringify(list.json)).not.toMatch(/scrypt|passwordHash/);
  });

  it('lets a viewer read and answers 403 to every admin mutation', async () => {
    expect((await viewer.request('GET', '/api/v1/hosts')).status).toBe(200);
    const { json } = await admin.request('POST', '/api/v1/hosts', { body: { name: 'viewer-target' } });
    const attempts: [string, string, unknown?][] = [
      ['POST', '/api/v1/hosts', { name: 'nope' }],
      ['PATCH', `/api/v1/hosts/${json.id}`, { name: 'renamed' }],
      ['DELETE', `/api/v1/hosts/${json.id}`],
      ['POST', `/api/v1/hosts/${json.id}/rotate-token`],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { email: 'x@example.test', password: 'long-enough-pw' }],
      ['PATCH', `/api/v1/users/${viewerId}`, { role: 'admin' }],
      ['DELETE', `/api/v1/users/${viewerId}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await viewer.request(method, path, { body });
      expect({ method, path, status: res.status, code: res.json?.error?.code }).toEqual({ method, path, status: 403, code: 'forbidden' });
    }
    expect((await store.getHost(json.id))?.name).toBe('viewer-target');
  });

  it('enrols a host with a one-time token and an install command; the host token works on ingest only', async () => {
    const res = await admin.request('POST', '/api/v1/hosts', { body: { name: 'web-1', tags: ['prod', 'eu'] } });
    expect(res.status).toBe(201);
    const { id, token, installCommand } = res.json;
    expect(token).toMatch(new RegExp(`^hwh_${id}_[A-Za-z0-9_-]{27}$`));
    expect(installCommand).toBe(`curl -fsSL '${server.url}/install.sh' | HOSTWATCH_TOKEN='${token}' sudo --preserve-env=HOSTWATCH_TOKEN sh -s -- --url '${server.url}'`);
    expect((await postIngest(server.url, makeBatch(Date.now()), { token })).status).toBe(200);

    const list = await admin.request('GET', '/api/v1/hosts');
    expect(JSON.stringify(list.json)).not.toContain(token);
    expect(list.json.hosts.find((h: { id: string }) => h.id === id)).toMatchObject({ name: 'web-1' });

    for (const path of ['/api/v1/hosts', `/api/v1/hosts/${id}`, '/api/v1/account', '/api/v1/tokens']) {
      const onRead = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
      expect({ path, status: onRead.status }).toEqual({ path, status: 401 });
    }
  });

  it('rotating a host token stops the old one at once', async () => {
    const { json } = await admin.request('POST', '/api/v1/hosts', { body: { name: 'rotating' } });
    const rotated = await admin.request('POST', `/api/v1/hosts/${json.id}/rotate-token`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.token).not.toBe(json.token);
    expect(rotated.json.installCommand).toContain(rotated.json.token);
    const old = await postIngest(server.url, makeBatch(Date.now()), { token: json.token });
    expect(old.status).toBe(401);
    expect((await postIngest(server.url, makeBatch(Date.now()), { token: rotated.json.token })).status).toBe(200);
  });

  it('renames, tags, disables and deletes hosts', async () => {
    const { json } = await admin.request('POST', '/api/v1/hosts', { body: { name: 'db' } });
    const patched = await admin.request('PATCH', `/api/v1/hosts/${json.id}`, { body: { name: 'db-1', tags: ['prod'], disabled: true } });
    expect(patched.json.host).toEqual({ id: json.id, name: 'db-1', tags: ['prod'], disabled: true, createdAt: expect.any(Number) });
    expect((await postIngest(server.url, makeBatch(Date.now()), { token: json.token })).status).toBe(403);
    const bad = await admin.request('PATCH', `/api/v1/hosts/${json.id}`, { body: { name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('name must not be empty');
    // Each problem names its field and echoes what was sent, so a form can say which tag is wrong.
    const tags = await admin.request('PATCH', `/api/v1/hosts/${json.id}`, { body: { tags: ['ok', 'web server', 'x'.repeat(60)] } });
    expect(tags.json.error.details).toEqual([
      { path: 'tags.1', message: expect.stringMatching(/^may hold only letters/), value: 'web server' },
      { path: 'tags.2', message: 'must be at most 40 characters', value: `${'x'.repeat(40)}…` },
    ]);
    const user = await admin.request('POST', '/api/v1/users', { body: { email: 'not an email', password: 'short' } });
    expect(user.json.error.details).toEqual([
      { path: 'email', message: 'must be an email address', value: 'not an email' },
      { path: 'password', message: 'must be at least 10 characters' },
    ]);
    expect((await admin.request('DELETE', `/api/v1/hosts/${json.id}`)).status).toBe(204);
    expect((await admin.request('GET', `/api/v1/hosts/${json.id}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/api/v1/hosts/${json.id}`)).status).toBe(404);
    expect((await postIngest(server.url, makeBatch(Date.now()), { token: json.token })).status).toBe(401);
  });

  it('API tokens: read scope reads, admin scope administers, revoked and expired ones are refused, never on ingest', async () => {
    const read = await admin.request('POST', '/api/v1/tokens', { body: { name: 'grafana' } });
    expect(read.status).toBe(201);
    expect(read.json.token).toMatch(/^hwa_/);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await fetch(`${server.url}/api/v1/hosts`, { headers: bearer(read.json.token) })).status).toBe(200);
    const readOnAdmin = await fetch(`${server.url}/api/v1/hosts`, {
      method: 'POST',
      headers: { ...bearer(read.json.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(readOnAdmin.status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/users`, { headers: bearer(read.json.token) })).status).toBe(403);

    const adminToken = await admin.request('POST', '/api/v1/tokens', { body: { name: 'terraform', scope: 'admin', expiresInDays: 30 } });
    const enrol = await fetch(`${server.url}/api/v1/hosts`, {
      method: 'POST',
      headers: { ...bearer(adminToken.json.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from-terraform' }),
    });
    expect(enrol.status).toBe(201);
    // Tokens cannot mint tokens: that needs the person.
    const mint = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...bearer(adminToken.json.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'child' }),
    });
    expect(mint.status).toBe(403);

    const listed = await admin.request('GET', '/api/v1/tokens');
    expect(listed.json.tokens.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['grafana', 'terraform']));
    expect(JSON.stringify(listed.json)).not.toContain(read.json.token);
    expect(listed.json.tokens.find((t: { name: string }) => t.name === 'grafana').lastUsedAt).toEqual(expect.any(Number));

    expect((await postIngest(server.url, makeBatch(Date.now()), { token: read.json.token })).status).toBe(401);

    expect((await admin.request('DELETE', `/api/v1/tokens/${read.json.apiToken.id}`)).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/hosts`, { headers: bearer(read.json.token) })).status).toBe(401);

    const expired = await createTestApiToken(store, { expiresAt: Date.now() - 1000 });
    const expiredRes = await fetch(`${server.url}/api/v1/hosts`, { headers: bearer(expired.token) });
    expect(expiredRes.status).toBe(401);
    expect((await expiredRes.json()).error.code).toBe('token_expired');
  });

  it('viewers create read tokens only and cannot see or revoke other users\' tokens', async () => {
    const denied = await viewer.request('POST', '/api/v1/tokens', { body: { name: 'x', scope: 'admin' } });
    expect(denied.status).toBe(403);
    const own = await viewer.request('POST', '/api/v1/tokens', { body: { name: 'mine' } });
    expect(own.status).toBe(201);
    const adminsToken = await admin.request('POST', '/api/v1/tokens', { body: { name: 'admins' } });
    const all = await viewer.request('GET', '/api/v1/tokens?all=1');
    expect(all.json.tokens.map((t: { name: string }) => t.name)).toEqual(['mine']);
    expect((await viewer.request('DELETE', `/api/v1/tokens/${adminsToken.json.apiToken.id}`)).status).toBe(404);
    const everyone = await admin.request('GET', '/api/v1/tokens?all=1');
    expect(everyone.json.tokens.map((t: { name: string }) => t.name)).toContain('mine');
  });

  it('manages credentials with a session only: read and admin tokens get 403 on users and on revoking tokens, and change nothing', async () => {
    const readToken = await viewer.request('POST', '/api/v1/tokens', { body: { name: 'viewer-read' } });
    const sibling = await viewer.request('POST', '/api/v1/tokens', { body: { name: 'viewer-sibling' } });
    const adminToken = await admin.request('POST', '/api/v1/tokens', { body: { name: 'admin-automation', scope: 'admin' } });
    const asToken = (token: string, method: string, path: string, body?: unknown) =>
      fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const persistent = { email: 'persistent@example.test', password: 'persistent-password-1', role: 'admin' };
    const attempts: [string, string, unknown?][] = [
      ['POST', '/api/v1/users', persistent],
      ['PATCH', `/api/v1/users/${viewerId}`, { role: 'admin' }],
      ['PATCH', `/api/v1/users/${viewerId}`, { password: 'taken-over-password-1' }],
      ['DELETE', `/api/v1/users/${viewerId}`],
      ['DELETE', `/api/v1/tokens/${sibling.json.apiToken.id}`],
      ['POST', '/api/v1/tokens', { name: 'child' }],
      ['POST', '/api/v1/account/password', { currentPassword: 'x', newPassword: 'new-password-123' }],
      ['DELETE', '/api/v1/account/sessions'],
      ['POST', '/api/v1/account/two-factor'],
      ['POST', '/api/v1/account/two-factor/confirm', { code: '123456' }],
      ['POST', '/api/v1/account/two-factor/disable', { password: 'x', code: '123456' }],
      ['DELETE', `/api/v1/users/${viewerId}/two-factor`],
      ['PUT', '/api/v1/settings/two-factor', { required: true }],
    ];
    for (const token of [readToken.json.token, adminToken.json.token]) {
      for (const [method, path, body] of attempts) {
        const res = await asToken(token, method, path, body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
        expect(['session_required', 'insufficient_scope']).toContain((await res.json()).error.code);
      }
    }
    expect(await store.getUserByEmail(persistent.email)).toBeNull();
    expect((await store.getUser(viewerId))?.role).toBe('viewer');
    expect((await store.listApiTokens(viewerId)).map((t) => t.name)).toEqual(expect.arrayContaining(['viewer-read', 'viewer-sibling']));
    expect((await viewer.request('GET', '/api/v1/account')).status).toBe(200);
    // Reading stays open to tokens, and a person still manages all of it.
    expect((await asToken(adminToken.json.token, 'GET', '/api/v1/users')).status).toBe(200);
    expect((await viewer.request('DELETE', `/api/v1/tokens/${sibling.json.apiToken.id}`)).status).toBe(204);
  });

  it('refuses a cross-origin mutation with a valid session cookie', async () => {
    const res = await admin.request('POST', '/api/v1/hosts', { body: { name: 'csrf' }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('cross_origin');
    const fetchMeta = await admin.request('DELETE', `/api/v1/users/${viewerId}`, { headers: { origin: '', 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    expect((await store.listHosts()).some((h) => h.name === 'csrf')).toBe(false);
    expect(await store.getUser(viewerId)).not.toBeNull();
  });

  it('never removes or demotes the last admin', async () => {
    const { json } = await admin.request('GET', '/api/v1/account');
    const del = await admin.request('DELETE', `/api/v1/users/${json.user.id}`);
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe('last_admin');
    const demote = await admin.request('PATCH', `/api/v1/users/${json.user.id}`, { body: { role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect((await store.getUser(json.user.id))?.role).toBe('admin');
  });

  it('a password change ends the old sessions; the new password signs in', async () => {
    const login = { email: 'changer@example.test', password: 'first-password-1' };
    await admin.request('POST', '/api/v1/users', { body: login });
    const a = new BrowserSession(server.url);
    const b = new BrowserSession(server.url);
    await a.signIn(login.email, login.password);
    await b.signIn(login.email, login.password);
    const wrong = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: 'not-it-at-all', newPassword: 'second-password-2' } });
    expect(wrong.status).toBe(400);
    const short = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: login.password, newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(short.json.error.message).toContain('newPassword must be at least 10 characters');
    // The obviously weak and the unchanged are refused by name, and the sessions stay.
    const weak = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: login.password, newPassword: 'password1234' } });
    expect([weak.status, weak.json.error.code]).toEqual([400, 'weak_password']);
    expect(weak.json.error.details).toEqual([{ path: 'newPassword', message: expect.stringMatching(/^is too easy to guess: /) }]);
    const own = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: login.password, newPassword: 'CHANGER@example.test' } });
    expect(own.json.error.message).toBe('newPassword must not be your email.');
    const same = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: login.password, newPassword: login.password } });
    expect([same.status, same.json.error.code]).toEqual([400, 'same_password']);
    const weakUser = await admin.request('POST', '/api/v1/users', { body: { email: 'weak@example.test', password: 'aaaaaaaaaaaa' } });
    expect([weakUser.status, weakUser.json.error.message]).toEqual([400, 'password must not be one character repeated.']);
    expect((await b.request('GET', '/api/v1/account')).status).toBe(200);
    const ok = await a.request('POST', '/api/v1/account/password', { body: { currentPassword: login.password, newPassword: 'second-password-2' } });
    expect(ok.status).toBe(204);
    expect((await b.request('GET', '/api/v1/account')).status).toBe(401);
    expect((await a.request('GET', '/api/v1/account')).status).toBe(401);
    const c = new BrowserSession(server.url);
    expect((await c.signIn(login.email, login.password)).status).toBe(401);
    expect((await c.signIn(login.email, 'second-password-2')).status).toBe(200);
  });

  it('an admin resets a password, changes a role and deletes a user; each takes effect at once', async () => {
    const login = { email: 'temp@example.test', password: 'temp-password-1' };
    const { json } = await admin.request('POST', '/api/v1/users', { body: { ...login, role: 'admin' } });
    const temp = new BrowserSession(server.url);
    await temp.signIn(login.email, login.password);
    const tempToken = await temp.request('POST', '/api/v1/tokens', { body: { name: 'temp-admin', scope: 'admin' } });
    expect((await temp.request('POST', '/api/v1/hosts', { body: { name: 'by-temp' } })).status).toBe(201);

    const demoted = await admin.request('PATCH', `/api/v1/users/${json.user.id}`, { body: { role: 'viewer' } });
    expect(demoted.json.user.role).toBe('viewer');
    expect((await temp.request('POST', '/api/v1/hosts', { body: { name: 'after-demotion' } })).status).toBe(403);
    // Demotion revokes the admin-scope token.
    expect((await fetch(`${server.url}/api/v1/hosts`, { headers: { authorization: `Bearer ${tempToken.json.token}` } })).status).toBe(401);

    expect((await admin.request('PATCH', `/api/v1/users/${json.user.id}`, { body: { password: 'reset-password-9' } })).status).toBe(200);
    expect((await temp.request('GET', '/api/v1/account')).status).toBe(401);
    const again = new BrowserSession(server.url);
    expect((await again.signIn(login.email, 'reset-password-9')).status).toBe(200);
    const readToken = await again.request('POST', '/api/v1/tokens', { body: { name: 'left-behind' } });

    expect((await admin.request('DELETE', `/api/v1/users/${json.user.id}`)).status).toBe(204);
    expect((await again.request('GET', '/api/v1/account')).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/hosts`, { headers: { authorization: `Bearer ${readToken.json.token}` } })).status).toBe(401);
    expect(await store.getUser(json.user.id)).toBeNull();
  });

  it('refuses a duplicate email and names bad fields', async () => {
    const dup = await admin.request('POST', '/api/v1/users', { body: { email: viewerLogin.email.toUpperCase(), password: 'whatever-long' } });
    expect(dup.status).toBe(409);
    const bad = await admin.request('POST', '/api/v1/users', { body: { email: 'nope', password: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
  });

  it('signs out: the session cookie is cleared and the API answers 401', async () => {
    const s = new BrowserSession(server.url);
    await s.signIn(viewerLogin.email, viewerLogin.password);
    expect((await s.request('GET', '/api/v1/account')).status).toBe(200);
    const out = await s.signOut();
    expect(out.status).toBe(200);
    expect(s.hasSession()).toBe(false);
    expect((await s.request('GET', '/api/v1/account')).status).toBe(401);
  });
});
