import { describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/auth/tokens';
import { postIngest } from '../../support/http';
import { makeBatch } from '../../support/samples';
import { appRoutes } from '../auth/app-routes';
import { ADMIN, DAY, LABEL, OTHER_HOST, PER_MINUTE, SECRET_HOSTNAME, shareFixture } from './fixture';
import { awayFromMinuteEdge, newAddress, tamper, viewerRequest } from './viewer-client';

/**
 * A signed-out share viewer over real HTTP against `next start`: one host
 * through the share-scoped endpoints and page, only allowed keys, times
 * clamped to the link's window, processes per the link, 404 for anything
 * else, and a per-address rate limit.
 */
/**
 * Links drawn in the page's markup. (Next's flight data also carries the root
 * not-found page, with its link to the fleet, as the layout's fallback; it is
 * never rendered here, so the markup is what counts.)
 */
function anchors(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]!);
}

describe('viewing a share link', () => {
  const f = shareFixture();

  it('shows a signed-out viewer the host view with only allowed keys, and the right headers', async () => {
    const { server, hostId, hostToken, otherId, createLink, api } = f;
    const link = await createLink({ includeProcesses: false });
    const res = await viewerRequest(server.url, api(link), newAddress());
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json).sort()).toEqual(['alerts', 'clockSkewMs', 'droppedTotal', 'host', 'lastSeen', 'latest', 'share', 'status', 'system']);
    expect(res.json.alerts).toBeNull();
    expect(res.json.host).toEqual({ id: hostId, name: 'web-shared', tags: ['prod'], disabled: false });
    expect(res.json.share).toEqual({ includeProcesses: false, includeAlerts: false, maxRangeMs: DAY, expiresAt: expect.any(Number) });
    expect(res.json.latest.cpu.total).toEqual(expect.any(Number));
    expect(res.json.latest.processes).toEqual({ total: 120, running: 2, top: [] });
    for (const forbidden of [SECRET_HOSTNAME, OTHER_HOST, otherId, ADMIN.email, LABEL, link.token, hashToken(link.token), hostToken, 'tokenHash', 'createdBy', 'systemd']) {
      expect({ forbidden, found: res.text.includes(forbidden) }).toEqual({ forbidden, found: false });
    }
    const info = await viewerRequest(server.url, `/api/v1/share/${link.token}`, newAddress());
    expect(info.json).toEqual({ hostId, includeProcesses: false, includeAlerts: false, maxRangeMs: DAY, expiresAt: expect.any(Number) });
  });

  it('the page works signed out, is noindex, and its HTML holds no other host, email, label, host token or hash', async () => {
    const { server, hostToken, otherId, createLink } = f;
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

  it('every share route on disk answers a made-up token with 404 (never 401 or 500), with the share headers', async () => {
    const { server } = f;
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
    const { server, hostId, hostToken, otherId, createLink, api } = f;
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
    const { server, admin, hostId, createLink, api } = f;
    const link = await createLink({ maxRange: '24h' });
    const address = newAddress();
    const before = Date.now();
    const clamped = await viewerRequest(server.url, api(link, '/series?metrics=cpu.total&from=0'), address);
    expect(clamped.status).toBe(200);
    const after = Date.now();
    expect(clamped.json.from).toBeGreaterThanOrEqual(before - DAY);
    expect(clamped.json.to).toBeLessThanOrEqual(after);
    expect(Math.min(...clamped.json.t)).toBeGreaterThanOrEqual(clamped.json.from - clamped.json.stepMs);
    expect(Object.keys(clamped.json).sort()).toEqual(['from', 'processesKeptMs', 'series', 'stepMs', 't', 'tier', 'to']);
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
    const { server, createLink, api } = f;
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
    const { server, hostToken, createLink, api } = f;
    const link = await createLink();
    const res = await viewerRequest(server.url, api(link, '/watch'), newAddress(), 'POST');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['watchedUntil']);
    expect(res.json.watchedUntil).toBeGreaterThan(Date.now());
    const reply = await postIngest(server.url, makeBatch(Date.now()), { token: hostToken });
    expect(reply.json.sampleIntervalMs).toBe(1_000);
  });

  it('floods from one address get 429 with Retry-After, bad tokens included; other addresses are unaffected', async () => {
    const { server, createLink, api } = f;
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
  it('tells a viewer of a host that never reported only that, without the admin hint about its token', async () => {
    const { server, admin, createLink } = f;
    const silent = await admin.request('POST', '/api/v1/hosts', { body: { name: 'never-reported' } });
    expect(silent.status).toBe(201);
    const link = await createLink({}, silent.json.id);
    const page = await viewerRequest(server.url, link.path, newAddress());
    expect(page.status).toBe(200);
    expect(page.text).toContain('This host has not reported yet.');
    expect(page.text).not.toContain('start its collector');
    expect(page.text).not.toContain(silent.json.token);
  });
});
