import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../auth/browser-session';
import { appRoutes } from '../auth/app-routes';
import { postIngest } from '../../support/http';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { makeBatch } from '../../support/samples';
import { canWrite, startStandaloneServer, type StandaloneServer } from '../../support/standalone-server';
import { startUpstashBridge, type UpstashBridge } from '../../support/upstash-bridge';

/**
 * The serverless deployment as Vercel runs it: only the files `next build`
 * traced (output: 'standalone'), on a file system the server cannot write,
 * with the Upstash store (through the REST bridge in front of a real
 * redis-server), VERCEL set (no in-process scheduler, the cron route instead)
 * — and every page and API route walked signed in, with no 5xx and no error
 * in the server's output. Anything that reads a file relative to the
 * checkout, or writes beside itself, fails here.
 */
const ADMIN = { email: 'admin@example.test', password: 'serverless-admin-pw-123' };
const CRON_SECRET = 'cron-secret-0123456789abcdef0123456789';

describe('the standalone build, read-only, on Upstash', () => {
  let redis: RedisServer;
  let bridge: UpstashBridge;
  let server: StandaloneServer;
  let admin: BrowserSession;
  let hostId: string;
  let shareToken: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    bridge = await startUpstashBridge(redis.url);
    server = await startStandaloneServer({
      HOSTWATCH_STORE: 'upstash',
      KV_REST_API_URL: bridge.url,
      KV_REST_API_TOKEN: bridge.token,
      NEXTAUTH_SECRET: 'serverless-secret-long-enough-0123456789abcdef',
      VERCEL: '1',
      CRON_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const created = await admin.request('POST', '/api/v1/hosts', { body: { name: 'serverless-1' } });
    expect(created.status).toBe(201);
    hostId = created.json.id;
    const ingest = await postIngest(server.url, makeBatch(Date.now(), 3), { token: created.json.token });
    expect(ingest.status).toBe(200);
    expect(ingest.json.accepted).toBe(3);
    const share = await admin.request('POST', `/api/v1/hosts/${hostId}/shares`, { body: { includeProcesses: true } });
    expect(share.status).toBe(201);
    shareToken = share.json.token;
  });

  afterAll(async () => {
    await server?.stop();
    await bridge?.stop();
    await redis?.stop();
  });

  it('runs from a directory its user cannot write', () => {
    expect(canWrite(server.appDir, server.uid)).toBe(false);
  });

  it('answers every page and API route signed in, without a server error', async () => {
    const fill = (file: string, urlPath: string) => {
      // Share routes take the link's token first, then the host; every other id segment gets the host's id.
      const ids = /^(api\/v1\/)?share\//.test(file) ? [shareToken, hostId] : [hostId, hostId];
      let i = 0;
      return urlPath.replace(/no-such-id/g, () => ids[Math.min(i++, 1)]!);
    };
    const walked: { path: string; status: number }[] = [];
    for (const route of appRoutes()) {
      if (!route.methods.includes('GET') || route.urlPath.startsWith('/api/auth')) continue;
      const path = fill(route.file, route.urlPath);
      const headers: Record<string, string> = path === '/api/v1/alerts/cron' ? { authorization: `Bearer ${CRON_SECRET}` } : {};
      const answer = await admin.request('GET', path, { headers });
      walked.push({ path, status: answer.status });
    }
    expect(walked.length).toBeGreaterThan(40);
    expect(walked.filter((w) => w.status >= 500)).toEqual([]);
    const status = (p: string) => walked.find((w) => w.path === p)?.status;
    for (const p of ['/', `/hosts/${hostId}`, '/alerts', '/settings/account', `/api/v1/hosts/${hostId}/series`, `/api/v1/hosts/${hostId}/processes`, '/api/v1/fleet', '/api/v1/alerts/cron']) {
      expect([p, status(p)]).toEqual([p, 200]);
    }
    expect(server.output()).not.toMatch(/EROFS|EACCES|EPERM|⨯|Error:/);
  });

  it('serves the install script and the collector bundle from inside the build', async () => {
    const script = await fetch(`${server.url}/install.sh`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('hostwatch-collector');
    const bundle = await fetch(`${server.url}/hostwatch-collector.mjs`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(20_000);
  });

  it('shows a share link to someone signed out', async () => {
    const visitor = new BrowserSession(server.url);
    expect((await visitor.request('GET', `/share/${shareToken}`)).status).toBe(200);
    const series = await visitor.request('GET', `/api/v1/share/${shareToken}/hosts/${hostId}/series`);
    expect(series.status).toBe(200);
    expect(series.json.t.length).toBeGreaterThan(0);
  });

  it('runs the alert round only for the cron secret', async () => {
    expect((await fetch(`${server.url}/api/v1/alerts/cron`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/alerts/cron`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })).status).toBe(200);
  });
});
