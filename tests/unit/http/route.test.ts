import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HostNotFound } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { SHARE_HEADERS } from '@/lib/shares/http';
import { sharedLink } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import { createTestApiToken } from '../../support/hosts';

/**
 * The route wrapper, called the way Next calls a route handler: a Request and
 * a context whose params is a promise. The store is the real SQLite one, in a
 * directory of its own (config is read on first use, after these lines).
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hw-route-'));
process.env.HOSTWATCH_STORE = 'sqlite';
process.env.HOSTWATCH_DATA_DIR = dataDir;

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const get = (url = 'http://hostwatch.test/api/v1/x', headers: Record<string, string> = {}) => new Request(url, { headers });
const post = (body: string) => new Request('http://hostwatch.test/api/v1/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('route()', () => {
  beforeAll(() => {
    getStore();
  });
  afterAll(async () => {
    await getStore().close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the handler value as JSON, never cached', async () => {
    const res = await route({ auth: 'public' }, () => ({ ok: true }))(get(), ctx());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('uses the declared status; 204 has no body', async () => {
    expect((await route({ auth: 'public', status: 201 }, () => ({ id: 'a' }))(get(), ctx())).status).toBe(201);
    const empty = await route({ auth: 'public', status: 204 }, () => undefined)(get(), ctx());
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect(empty.headers.get('cache-control')).toBe('no-store');
  });

  it('maps a thrown domain error to its status with the one error shape', async () => {
    const res = await route({ auth: 'public' }, ({ params }) => {
      throw new HostNotFound(params.id);
    })(get(), ctx({ id: 'web-9' }));
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No host with id "web-9".' } });
  });

  it('refuses a body that fails its schema with a 400 naming each field, before the handler runs', async () => {
    const handler = vi.fn(() => 'never');
    const wrapped = route({ auth: 'public', body: z.object({ name: z.string().min(1, 'must not be empty'), tags: z.array(z.string()) }) }, handler);
    const res = await wrapped(post('{"name":"","tags":"x"}'), ctx());
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_body');
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(['name', 'tags']);
    expect(error.message).toContain('name must not be empty');
    expect(handler).not.toHaveBeenCalled();
  });

  it('caps the body size and hands the parsed body to the handler', async () => {
    const wrapped = route({ auth: 'public', body: z.object({ note: z.string() }), maxBodyBytes: 32 }, ({ body }) => ({ got: body.note }));
    expect(await (await wrapped(post('{"note":"hi"}'), ctx())).json()).toEqual({ got: 'hi' });
    const big = await wrapped(post(JSON.stringify({ note: 'x'.repeat(64) })), ctx());
    expect(big.status).toBe(413);
  });

  it('names bad query parameters (400) and answers a path segment that fits no schema with a JSON 404', async () => {
    const q = await route({ auth: 'public', query: z.object({ limit: z.coerce.number().int('must be a whole number') }) }, () => 'x')(
      get('http://hostwatch.test/api/v1/x?limit=1.5'),
      ctx(),
    );
    expect(q.status).toBe(400);
    expect((await q.json()).error).toMatchObject({ code: 'invalid_parameter', details: [{ path: 'limit', message: 'must be a whole number' }] });

    const p = await route({ auth: 'public', params: z.object({ name: z.enum(['cpu', 'disk'], { error: 'must be cpu or disk' }) }) }, () => 'x')(
      get(),
      ctx({ name: 'gpu' }),
    );
    expect(p.status).toBe(404);
    expect((await p.json()).error).toMatchObject({ code: 'not_found', message: 'name must be cpu or disk' });
  });

  it('answers a store outage with 503 and Retry-After', async () => {
    const res = await route({ auth: 'public' }, () => {
      throw new StoreUnavailableError('redis timed out', { retryAfterSeconds: 7 });
    })(get(), ctx());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await res.json()).error.code).toBe('store_unavailable');
  });

  it('logs an unexpected error without the request and answers a JSON 500', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await route({ auth: 'public' }, () => {
        throw new TypeError('boom');
      })(get('http://hostwatch.test/api/v1/x', { cookie: 'next-auth.session-token=secret-cookie' }), ctx());
      expect(res.status).toBe(500);
      expect((await res.json()).error.code).toBe('internal_error');
      expect(log).toHaveBeenCalledOnce();
      expect(JSON.stringify(log.mock.calls[0]!.map(String))).not.toContain('secret-cookie');
    } finally {
      log.mockRestore();
    }
  });

  it('checks credentials before anything else: no session or token is a 401 with WWW-Authenticate', async () => {
    const handler = vi.fn(() => 'never');
    const res = await route({ auth: 'viewer', params: z.object({ name: z.enum(['cpu']) }) }, handler)(get(), ctx({ name: 'unknown' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await res.json()).error.code).toBe('unauthenticated');
    expect(handler).not.toHaveBeenCalled();
  });

  it('holds an admin-scope token to its owner\'s current role, even when the role changed behind the domain\'s back', async () => {
    const { token, record } = await createTestApiToken(getStore(), { scope: 'admin' });
    const asAdmin = () => route({ auth: 'admin' }, () => 'done')(get('http://hostwatch.test/api/v1/x', { authorization: `Bearer ${token}` }), ctx());
    expect((await asAdmin()).status).toBe(200);
    await getStore().updateUser(record.userId, { role: 'viewer' });
    const res = await asAdmin();
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('insufficient_scope');
  });

  it('keeps admin-session routes (managing users) to a signed-in admin: admin and read tokens get 403 and the handler never runs', async () => {
    const handler = vi.fn(() => 'never');
    const wrapped = route({ auth: 'admin-session' }, handler);
    for (const scope of ['admin', 'read'] as const) {
      const { token } = await createTestApiToken(getStore(), { scope });
      const res = await wrapped(get('http://hostwatch.test/api/v1/x', { authorization: `Bearer ${token}` }), ctx());
      expect(res.status, scope).toBe(403);
      expect((await res.json()).error.code).toBe(scope === 'admin' ? 'session_required' : 'insufficient_scope');
    }
    expect((await wrapped(get(), ctx())).status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a host token where a person or API token is needed', async () => {
    const res = await route({ auth: 'admin' }, () => 'never')(get('http://hostwatch.test/api/v1/x', { authorization: 'Bearer hwh_abc' }), ctx());
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('wrong_token_kind');
  });

  it('gives share routes the token from the path and the share headers, on errors too', async () => {
    const wrapped = route({ auth: 'share' }, ({ store, share, now }) => sharedLink(store, share, now));
    const res = await wrapped(get(), ctx({ token: 'hws_not-a-real-link' }));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('share_not_found');
    for (const [name, value] of Object.entries(SHARE_HEADERS)) expect(res.headers.get(name)).toBe(value);

    const ok = await route({ auth: 'share' }, ({ share }) => ({ token: share.token }))(get(), ctx({ token: 'hws_x' }));
    expect(await ok.json()).toEqual({ token: 'hws_x' });
    for (const [name, value] of Object.entries(SHARE_HEADERS)) expect(ok.headers.get(name)).toBe(value);
  });
});
