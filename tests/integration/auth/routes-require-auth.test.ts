import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { appRoutes, type AppRoute } from './app-routes';

/**
 * Without credentials, every page sends the visitor to /login and every API
 * answers 401, also with `x-middleware-subrequest` (the header that let
 * requests skip middleware in CVE-2025-29927): pages and handlers check for
 * themselves. The list comes from the file system. Public routes are an
 * explicit allow-list here, so making a route public is a visible decision.
 */
const PUBLIC: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/login$/, why: 'the sign-in page' },
  { pattern: /^\/login\/unavailable$/, why: 'what the sign-in page shows while the store is down (503, no data)' },
  { pattern: /^\/login\/refused$/, why: 'why a provider sign-in was refused, in words (no data)' },
  { pattern: /^\/login\/break-glass$/, why: 'the break-glass code form while password sign-in is off (404 otherwise), guarded by the code in the server log' },
  { pattern: /^\/setup$/, why: 'first-admin setup, guarded by the code in the server log' },
  { pattern: /^\/share\/no-such-id$/, why: 'a share link\'s page (/share/[token]): the token is the credential (tests/integration/shares)' },
  { pattern: /^\/api\/auth(\/|$)/, why: "next-auth's own endpoints (sign-in, CSRF, session)" },
  { pattern: /^\/api\/v1\/health$/, why: 'uptime probes' },
  { pattern: /^\/api\/v1\/setup$/, why: 'first-admin setup, guarded by the code in the server log' },
  { pattern: /^\/api\/v1\/ingest$/, why: 'collectors, with host tokens (tested in the ingest suite)' },
  {
    // Listed one by one, so a new route under /api/v1/share is public only by a visible decision.
    pattern: /^\/api\/v1\/share\/no-such-id(\/hosts\/no-such-id(\/(series|processes|watch))?)?$/,
    why: 'share-scoped reads of one host: the token is the credential (tests/integration/shares)',
  },
  { pattern: /^\/api\/v1\/alerts\/cron$/, why: 'the serverless alert tick, guarded by its own CRON_SECRET bearer (tests/integration/alerts)' },
  { pattern: /^\/install\.sh$/, why: 'the collector install script' },
  { pattern: /^\/hostwatch-collector\.mjs$/, why: 'the collector bundle the install script downloads' },
];

const BYPASS_HEADERS: Record<string, string>[] = [
  {},
  { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
  { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
  { 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' },
  // A cookie with the session's name gets past proxy.ts (it only looks for the cookie): the page or handler must refuse it.
  { cookie: 'next-auth.session-token=forged' },
  { cookie: 'next-auth.session-token=forged', 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
];

const routes = appRoutes();
const isPublic = (r: AppRoute) => PUBLIC.some((p) => p.pattern.test(r.urlPath));
const guarded = routes.filter((r) => !isPublic(r));

describe('every route under app/ refuses the signed-out', () => {
  let server: NextServer;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: 'admin@example.test', ADMIN_PASSWORD: 'admin-password-123' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds the routes on disk', () => {
    const paths = routes.map((r) => `${r.kind} ${r.urlPath}`);
    expect(paths).toEqual(expect.arrayContaining(['page /', 'page /login', 'page /account', 'api /api/v1/users', 'api /api/v1/hosts/no-such-id']));
    // One file, [name], answers the six metric aliases: each is listed (and refused) by name, and so is an unknown one.
    expect(paths).toEqual(expect.arrayContaining(['api /api/v1/metrics/cpu', 'api /api/v1/metrics/processes', 'api /api/v1/metrics/no-such-id']));
    const hosts = routes.find((r) => r.urlPath === '/api/v1/hosts/no-such-id')!;
    expect(hosts.methods).toEqual(expect.arrayContaining(['GET', 'PATCH', 'DELETE']));
    expect(routes.find((r) => r.urlPath === '/api/auth/any/path')?.methods).toEqual(['GET', 'POST']);
  });

  it.each(BYPASS_HEADERS.map((h) => [JSON.stringify(h), h] as const))('pages redirect to /login (headers %s)', async (_label, headers) => {
    const pages = guarded.filter((r) => r.kind === 'page');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const res = await fetch(server.url + page.urlPath, { headers, redirect: 'manual' });
      await res.body?.cancel();
      const location = res.headers.get('location') ?? '';
      const redirected = [302, 303, 307, 308].includes(res.status);
      expect({ page: page.file, redirected, to: new URL(location || '/nowhere', server.url).pathname }).toEqual({
        page: page.file,
        redirected: true,
        to: '/login',
      });
    }
  });

  it.each(BYPASS_HEADERS.map((h) => [JSON.stringify(h), h] as const))('APIs answer 401 to every method (headers %s)', async (_label, headers) => {
    const apis = guarded.filter((r) => r.kind === 'api');
    expect(apis.length).toBeGreaterThan(3);
    for (const api of apis) {
      for (const method of api.methods.filter((m) => m !== 'OPTIONS' && m !== 'HEAD')) {
        const res = await fetch(server.url + api.urlPath, {
          method,
          headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          body: method === 'GET' ? undefined : '{}',
          redirect: 'manual',
        });
        const body = await res.text();
        expect({ route: `${method} ${api.urlPath}`, status: res.status }).toEqual({ route: `${method} ${api.urlPath}`, status: 401 });
        expect(JSON.parse(body).error.code).toEqual(expect.any(String));
      }
    }
  });

  it('a forged or foreign session cookie is no session', async () => {
    const cookies = ['next-auth.session-token=forged', `next-auth.session-token=${'eyJ'.padEnd(200, 'A')}`];
    for (const cookie of cookies) {
      const page = await fetch(`${server.url}/account`, { headers: { cookie }, redirect: 'manual' });
      await page.body?.cancel();
      expect(new URL(page.headers.get('location') ?? '/x', server.url).pathname).toBe('/login');
      const api = await fetch(`${server.url}/api/v1/account`, { headers: { cookie } });
      expect(api.status).toBe(401);
    }
  });
});
