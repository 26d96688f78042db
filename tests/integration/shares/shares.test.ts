import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import type { ShareRecord, Store } from '@/lib/store/types';
import { createTestApiToken, openSqliteStoreAt } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample, makeSystem } from '../../support/samples';
import { appRoutes } from '../auth/app-routes';
import { BrowserSession } from '../auth/browser-session';
import { awayFromMinuteEdge, newAddress, tamper, viewerRequest } from './viewer-client';

/**
 * Share links over real HTTP against `next start` on SQLite: an admin makes,
 * lists and revokes links; a signed-out viewer reads one host through the
 * share-scoped endpoints and page, and nothing else.
 */
const ADMIN = { email: 'share-admin@example.test', password: 'share-admin-password-1' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Low enough that flooding is quick; every test uses its own client address. */
const PER_MINUTE = 60;
const SECRET_HOSTNAME = 'secret-machine-name.internal';
const OTHER_HOST = 'db-other-host-not-shared';
const LABEL = 'label-for-acme-SECRET';

/**
 * Links drawn in the page's markup. (Next's flight data also carries the root
 * not-found page, with its link to the fleet, as the layout's fallback; it is
 * never rendered here, so the markup is what counts.)
 */
function anchors(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]!);
}

interface Link {
  token: string;
  url: string;
  path: string;
  share: { id: string; hostId: string };
}

describe('share links', () => {
  let server: NextServer;
  let store: Store;
  let admin: BrowserSession;
  let hostId: string;
  let hostToken: string;
  let otherId: string;
  let otherToken: string;

  async function createLink(body: Record<string, unknown> = {}, forHost = hostId): Promise<Link> {
    const res = await admin.request('POST', `/api/v1/hosts/${forHost}/shares`, { body: { label: LABEL, ...body } });
    expect(res.status).toBe(201);
    return res.json;
  }

  const api = (link: Pick<Link, 'token'>, rest = '', id = hostId) => `/api/v1/share/${link.token}/hosts/${id}${rest}`;

  beforeAll(async () => {
    server = await startNextServer({
      HOSTWATCH_STORE: 'sqlite',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_SHARE_RATE_PER_MIN: String(PER_MINUTE),
    });
    store = await openSqliteStoreAt(server.dataDir);
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const shared = await admin.request('POST', '/api/v1/hosts', { body: { name: 'web-shared', tags: ['prod'] } });
    const other = await admin.request('POST', '/api/v1/hosts', { body: { name: OTHER_HOST } });
    ({ id: hostId, token: hostToken } = shared.json);
    ({ id: otherId, token: otherToken } = other.json);
    const now = Date.now();
    // A sample three days old (kept in the rollups) and a recent batch with the machine's own hostname and processes.
    const old = { v: 1, samples: [makeSample(now - 3 * DAY)], counters: { spooled: 0, dropped: 0 } };
    expect((await postIngest(server.url, old, { token: hostToken })).status).toBe(200);
    expect((await postIngest(server.url, { ...makeBatch(now, 12), system: makeSystem(SECRET_HOSTNAME) }, { token: hostToken })).status).toBe(200);
    expect((await postIngest(server.url, { ...makeBatch(now, 3), system: makeSystem('other-machine') }, { token: otherToken })).status).toBe(200);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('creates a link with a 160-bit token shown once, and stores only its SHA-256', async () => {
    const link = await createLink({ expiresIn: '1d', maxRange: '7d', includeProcesses: true });
    expect(link.token).toMatch(/^hws_[A-Za-z0-9_-]{27}$/);
    expect(link.path).toBe(`/share/${link.token}`);
    expect(link.url).toBe(`${server.url}/share/${link.token}`);
    expect(link.share).toMatchObject({
      hostId,
      hostName: 'web-shared',
      label: LABEL,
      createdBy: { name: 'share-admin', email: ADMIN.email },
      includeProcesses: true,
      maxRangeMs: 7 * DAY,
      lastViewedAt: null,
      viewCount: 0,
      expired: false,
    });
    expect((link.share as unknown as { expiresAt: number }).expiresAt - (link.share as unknown as { createdAt: number }).createdAt).toBe(DAY);

    const record = await store.findShareByHash(hashToken(link.token));
    expect(record?.id).toBe(link.share.id);
    // Every byte the store wrote (database, WAL, shared memory): the token is not there, its hash is.
    const dump = readdirSync(server.dataDir)
      .map((f) => readFileSync(path.join(server.dataDir, f)).toString('latin1'))
      .join('\n');
    expect(dump).not.toContain(link.token);
    expect(dump).not.toContain(link.token.slice(4));
    expect(dump).toContain(hashToken(link.token));

    const lists = [await admin.request('GET', '/api/v1/shares'), await admin.request('GET', `/api/v1/hosts/${hostId}/shares`)];
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.json.shares.map((s: { id: string }) => s.id)).toContain(link.share.id);
      expect(JSON.stringify(list.json)).not.toContain(link.token.slice(4));
      expect(JSON.stringify(list.json)).not.toContain(hashToken(link.token));
    }
  });

  it('refuses bad bodies, unknown hosts, viewers and read tokens', async () => {
    const bad = await admin.request('POST', `/api/v1/hosts/${hostId}/shares`, { body: { expiresIn: '2d', maxRange: '1y' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_body');
    expect(bad.json.error.message).toContain('expiresIn must be one of 1h, 1d, 7d, 30d, never');
    expect(bad.json.error.message).toContain('maxRange must be one of 24h, 7d, 30d');
    expect((await admin.request('POST', '/api/v1/hosts/no-such-host/shares', { body: {} })).status).toBe(404);
    expect((await admin.request('GET', '/api/v1/hosts/no-such-host/shares')).status).toBe(404);
    expect((await admin.request('DELETE', '/api/v1/shares/no-such-share')).status).toBe(404);

    const viewerLogin = { email: 'share-viewer@example.test', password: 'share-viewer-password-1' };
    expect((await admin.request('POST', '/api/v1/users', { body: { ...viewerLogin, role: 'viewer' } })).status).toBe(201);
    const viewer = new BrowserSession(server.url);
    expect((await viewer.signIn(viewerLogin.email, viewerLogin.password)).status).toBe(200);
    const { token: readToken } = await createTestApiToken(store, { scope: 'read' });
    const attempts: [string, string][] = [
      ['POST', `/api/v1/hosts/${hostId}/shares`],
      ['GET', `/api/v1/hosts/${hostId}/shares`],
      ['DELETE', `/api/v1/hosts/${hostId}/shares`],
      ['GET', '/api/v1/shares'],
      ['DELETE', '/api/v1/shares/anything'],
    ];
    for (const [method, p] of attempts) {
      expect({ p, method, status: (await viewer.request(method, p, { body: method === 'POST' ? {} : undefined })).status }).toEqual({ p, method, status: 403 });
      const res = await fetch(server.url + p, { method, headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect({ p, method, status: res.status }).toEqual({ p, method, status: 403 });
    }
  });

  it('an admin API token may create links; they record its owner as creator', async () => {
    const { token, record } = await createTestApiToken(store, { scope: 'admin' });
    const res = await fetch(`${server.url}/api/v1/hosts/${hostId}/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expiresIn: '1h' }),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.share.createdBy.id).toBe(record.userId);
    expect(body.share.label).toBe('');
  });

  it('shows a signed-out viewer the host view with only allowed keys, and the right headers', async () => {
    const link = await createLink({ includeProcesses: false });
    const res = await viewerRequest(server.url, api(link), newAddress());
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json).sort()).toEqual(['clockSkewMs', 'droppedTotal', 'host', 'lastSeen', 'latest', 'share', 'status', 'system']);
    expect(res.json.host).toEqual({ id: hostId, name: 'web-shared', tags: ['prod'], disabled: false });
    expect(res.json.share).toEqual({ includeProcesses: false, maxRangeMs: DAY, expiresAt: expect.any(Number) });
    expect(res.json.latest.cpu.total).toEqual(expect.any(Number));
    expect(res.json.latest.processes).toEqual({ total: 120, running: 2, top: [] });
    for (const forbidden of [SECRET_HOSTNAME, OTHER_HOST, otherId, ADMIN.email, LABEL, link.token, hashToken(link.token), hostToken, 'tokenHash', 'createdBy', 'systemd']) {
      expect({ forbidden, found: res.text.includes(forbidden) }).toEqual({ forbidden, found: false });
    }
    const info = await viewerRequest(server.url, `/api/v1/share/${link.token}`, newAddress());
    expect(info.json).toEqual({ hostId, includeProcesses: false, maxRangeMs: DAY, expiresAt: expect.any(Number) });
  });

  it('the page works signed out, is noindex, and its HTML holds no other host, email, label, host token or hash', async () => {
    const link = await createLink({ includeProcesses: false });
    const other = await createLink({}, otherId);
    const page = await viewerRequest(server.url, link.path, newAddress());
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
    expect(page.text).toMatch(/<meta name="robots" content="noindex[^"]*"\/>/);
    expect(page.text).toContain('<meta name="referrer" content="no-referrer"/>');
    expect(page.text).toContain('web-shared');
    expect(anchors(page.text)).toEqual(['#main']);
    for (const forbidden of [SECRET_HOSTNAME, OTHER_HOST, otherId, ADMIN.email, 'share-admin', LABEL, hashToken(link.token), hostToken, other.token, 'systemd', 'postgres', '/settings', '/account']) {
      expect({ forbidden, found: page.text.includes(forbidden) }).toEqual({ forbidden, found: false });
    }
    // The token appears only where Next.js writes the page's own URL (the route segment and the canonical path), never in the props.
    const withoutUrl = page.text.replaceAll(`\\"k\\":\\"${link.token}\\"`, '').replaceAll(`\\"share\\",\\"${link.token}\\"`, '');
    expect(page.text.split(link.token).length).toBeGreaterThan(1);
    expect(withoutUrl).not.toContain(link.token);
  });

  it('counts page views and when the link was last opened', async () => {
    const link = await createLink();
    await viewerRequest(server.url, api(link), newAddress()); // data requests are not views
    const before = Date.now();
    expect((await viewerRequest(server.url, link.path, newAddress())).status).toBe(200);
    expect((await viewerRequest(server.url, link.path, newAddress())).status).toBe(200);
    const list = await admin.request('GET', `/api/v1/hosts/${hostId}/shares`);
    const row = list.json.shares.find((s: { id: string }) => s.id === link.share.id);
    expect(row.viewCount).toBe(2);
    expect(row.lastViewedAt).toBeGreaterThanOrEqual(before);
  });

  it('every share route on disk answers a made-up token with 404 (never 401 or 500), with the share headers', async () => {
    const routes = appRoutes().filter((r) => /^\/(api\/v1\/)?share\//.test(r.urlPath));
    expect(routes.map((r) => `${r.kind} ${r.urlPath}`)).toEqual(
      expect.arrayContaining(['page /share/no-such-id', 'api /api/v1/share/no-such-id', 'api /api/v1/share/no-such-id/hosts/no-such-id/watch']),
    );
    const address = newAddress();
    for (const route of routes) {
      for (const method of route.methods) {
        const res = await viewerRequest(server.url, route.urlPath, address, method);
        expect({ route: `${method} ${route.urlPath}`, status: res.status }).toEqual({ route: `${method} ${route.urlPath}`, status: 404 });
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    }
  });

  it("answers 404 for another host's id, a tampered token, a host token and a non-token", async () => {
    const link = await createLink({ includeProcesses: true });
    const address = newAddress();
    const paths = [
      api(link, '', otherId),
      api(link, '/series', otherId),
      api(link, '/processes', otherId),
      api({ token: tamper(link.token) }),
      api({ token: tamper(link.token) }, '/series'),
      `/api/v1/share/${tamper(link.token)}`,
      api({ token: hostToken }),
      api({ token: 'not-a-token' }),
      api({ token: `hws_${'A'.repeat(27)}` }),
    ];
    for (const p of paths) {
      const res = await viewerRequest(server.url, p, address);
      expect({ p, status: res.status, code: res.json?.error?.code }).toEqual({ p, status: 404, code: 'share_not_found' });
      expect(res.text).not.toContain(OTHER_HOST);
    }
    expect((await viewerRequest(server.url, api(link, '/watch', otherId), address, 'POST')).status).toBe(404);
    for (const page of [`/share/${tamper(link.token)}`, '/share/not-a-token']) {
      const res = await viewerRequest(server.url, page, address);
      expect(res.status).toBe(404);
      expect(res.text).toContain('This link does not work');
      expect(anchors(res.text).filter((h) => h !== '#main')).toEqual([]);
    }
    // The share token is no API credential.
    const asBearer = await fetch(`${server.url}/api/v1/hosts/${hostId}`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(asBearer.status).toBe(401);
    expect((await asBearer.json()).error.code).toBe('wrong_token_kind');
  });

  it('clamps from=0, far-future ends and long ranges to the allowed window', async () => {
    const link = await createLink({ maxRange: '24h' });
    const address = newAddress();
    const before = Date.now();
    const clamped = await viewerRequest(server.url, api(link, '/series?metrics=cpu.total&from=0'), address);
    expect(clamped.status).toBe(200);
    const after = Date.now();
    expect(clamped.json.from).toBeGreaterThanOrEqual(before - DAY);
    expect(clamped.json.to).toBeLessThanOrEqual(after);
    expect(Math.min(...clamped.json.t)).toBeGreaterThanOrEqual(clamped.json.from - clamped.json.stepMs);
    expect(Object.keys(clamped.json).sort()).toEqual(['from', 'series', 'stepMs', 't', 'tier', 'to']);
    expect(clamped.json.series['cpu.total'].avg.some((v: number | null) => v !== null)).toBe(true);

    // The signed-in API sees the three-day-old sample; the link's answer for the same window cannot reach it.
    const q = `/series?metrics=cpu.total&from=${before - 4 * DAY}`;
    const dataTimes = (a: { t: number[]; series: Record<string, { avg: (number | null)[] }> }) => a.t.filter((_, i) => a.series['cpu.total']!.avg[i] !== null);
    const full = await admin.request('GET', `/api/v1/hosts/${hostId}${q}`);
    expect(full.status).toBe(200);
    expect(dataTimes(full.json).some((t) => t < before - 2 * DAY)).toBe(true);
    const shared = await viewerRequest(server.url, api(link, q), address);
    expect(dataTimes(shared.json).length).toBeGreaterThan(0);
    expect(dataTimes(shared.json).every((t) => t >= before - DAY - shared.json.stepMs)).toBe(true);

    for (const q of ['range=30d', `from=0&to=${Date.now() + 30 * DAY}`, 'range=3650d']) {
      const res = await viewerRequest(server.url, api(link, `/series?metrics=cpu.total&${q}`), address);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      expect(res.json.to - res.json.from).toBeLessThanOrEqual(DAY);
      expect(res.json.from).toBeGreaterThanOrEqual(before - DAY);
    }
    const outside = await viewerRequest(server.url, api(link, `/series?metrics=cpu.total&from=0&to=1000`), address);
    expect(outside.json.series['cpu.total'].avg.every((v: number | null) => v === null)).toBe(true);
    const invalid = await viewerRequest(server.url, api(link, '/series?points=0'), address);
    expect(invalid.status).toBe(400);
  });

  it('serves processes only when the link includes them, at times inside the window', async () => {
    const without = await createLink({ includeProcesses: false });
    const withProcs = await createLink({ includeProcesses: true });
    const address = newAddress();
    const refused = await viewerRequest(server.url, api(without, '/processes'), address);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('processes_not_shared');
    const shown = await viewerRequest(server.url, api(withProcs, '/processes'), address);
    expect(shown.status).toBe(200);
    expect(shown.json.snapshot.processes.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['systemd', 'postgres']));
    const old = await viewerRequest(server.url, api(withProcs, '/processes?at=0'), address);
    expect(old.json.at).toBeGreaterThanOrEqual(Date.now() - DAY - 60_000);
    const view = await viewerRequest(server.url, api(withProcs), address);
    expect(view.json.latest.processes.top.length).toBeGreaterThan(0);
    const page = await viewerRequest(server.url, withProcs.path, address);
    expect(page.text).toContain('postgres');
  });

  it('lets a viewer put the host in Live mode', async () => {
    const link = await createLink();
    const res = await viewerRequest(server.url, api(link, '/watch'), newAddress(), 'POST');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['watchedUntil']);
    expect(res.json.watchedUntil).toBeGreaterThan(Date.now());
    const reply = await postIngest(server.url, makeBatch(Date.now()), { token: hostToken });
    expect(reply.json.sampleIntervalMs).toBe(1_000);
  });

  it('a revoked link answers 404 on its next request, page and API', async () => {
    const link = await createLink();
    const address = newAddress();
    expect((await viewerRequest(server.url, api(link), address)).status).toBe(200);
    const del = await admin.request('DELETE', `/api/v1/shares/${link.share.id}`);
    expect(del.status).toBe(204);
    expect((await viewerRequest(server.url, api(link), address)).status).toBe(404);
    expect((await viewerRequest(server.url, api(link, '/series'), address)).status).toBe(404);
    const page = await viewerRequest(server.url, link.path, address);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link does not work');
    expect((await admin.request('DELETE', `/api/v1/shares/${link.share.id}`)).status).toBe(404);
    expect(await store.findShareByHash(hashToken(link.token))).toBeNull();
  });

  it("revoking all of a host's links leaves other hosts' links working", async () => {
    const { id: hostB } = (await admin.request('POST', '/api/v1/hosts', { body: { name: 'revoke-all-host' } })).json;
    const a = await createLink({}, hostB);
    const b = await createLink({}, hostB);
    const kept = await createLink({}, otherId);
    const res = await admin.request('DELETE', `/api/v1/hosts/${hostB}/shares`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 2 });
    const address = newAddress();
    for (const l of [a, b]) expect((await viewerRequest(server.url, api(l, '', hostB), address)).status).toBe(404);
    expect((await viewerRequest(server.url, api(kept, '', otherId), address)).status).toBe(200);
    expect((await admin.request('GET', `/api/v1/hosts/${hostB}/shares`)).json.shares).toEqual([]);
  });

  it("deleting the host revokes its links", async () => {
    const { id, token } = (await admin.request('POST', '/api/v1/hosts', { body: { name: 'short-lived' } })).json;
    expect((await postIngest(server.url, makeBatch(Date.now()), { token })).status).toBe(200);
    const link = await createLink({}, id);
    const address = newAddress();
    expect((await viewerRequest(server.url, api(link, '', id), address)).status).toBe(200);
    expect((await admin.request('DELETE', `/api/v1/hosts/${id}`)).status).toBe(204);
    expect((await viewerRequest(server.url, api(link, '', id), address)).status).toBe(404);
    expect((await viewerRequest(server.url, link.path, address)).status).toBe(404);
  });

  it('an expired link answers 410 and its page says it has expired', async () => {
    const token = generateToken('share');
    const record: ShareRecord = {
      id: newId(),
      hostId,
      tokenHash: hashToken(token),
      label: 'expired one',
      createdBy: 'nobody',
      createdAt: Date.now() - 2 * HOUR,
      expiresAt: Date.now() - HOUR,
      includeProcesses: true,
      maxRangeMs: DAY,
      lastViewedAt: null,
      viewCount: 0,
    };
    await store.createShare(record);
    const address = newAddress();
    for (const p of [api({ token }), api({ token }, '/series'), api({ token }, '/processes'), `/api/v1/share/${token}`]) {
      const res = await viewerRequest(server.url, p, address);
      expect({ p, status: res.status, code: res.json?.error?.code }).toEqual({ p, status: 410, code: 'share_expired' });
    }
    const page = await viewerRequest(server.url, `/share/${token}`, address);
    expect(page.text).toContain('This link has expired');
    expect(page.text).not.toContain('web-shared');
    expect(page.text).toMatch(/<meta name="robots" content="noindex/);
    const list = await admin.request('GET', '/api/v1/shares');
    expect(list.json.shares.find((s: { id: string }) => s.id === record.id)).toMatchObject({ expired: true, createdBy: { id: 'nobody', name: null, email: null } });
  });

  it('floods from one address get 429 with Retry-After, bad tokens included; other addresses are unaffected', async () => {
    const link = await createLink();
    const flooder = newAddress();
    await awayFromMinuteEdge();
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) => viewerRequest(server.url, (i + j) % 2 ? api(link) : api({ token: tamper(link.token) }), flooder)),
      );
      statuses.push(...batch.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    const limited = await viewerRequest(server.url, api(link), flooder);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await viewerRequest(server.url, api(link, '/watch'), flooder, 'POST')).status).toBe(429);
    const page = await viewerRequest(server.url, link.path, flooder);
    expect(page.text).toContain('Too many requests');
    expect(page.text).not.toContain('web-shared');
    expect((await viewerRequest(server.url, api(link), newAddress())).status).toBe(200);
  });
});
