import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { HttpError } from '@/lib/http/http-error';
import { ingestRequest } from '@/lib/ingest/ingest-request';
import { generateHostToken, hashToken } from '@/lib/auth/tokens';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startUpstashBridge, type UpstashBridge } from '../../support/upstash-bridge';
import { createTestHost } from '../../support/hosts';
import { makeBatch } from '../../support/samples';
import { postIngest } from '../../support/http';
import { startNextServer } from '../../support/next-server';
import { CONFIG_TTL_MS } from '@/lib/alerting/config-cache';

/**
 * What one collector POST costs on a network store, counted where the commands arrive: at the Upstash REST
 * bridge, and by a real redis-server (its commandstats, and MONITOR to tell the client's commands from the
 * ones the script runs inside). The steady state is measured: a process's first POST of a host also loads the
 * script (NOSCRIPT, then EVAL), reads the alert rules (cached) and learns the host's series catalog.
 */
let server: RedisServer;
let bridge: UpstashBridge;
beforeAll(async () => {
  server = await startRedisServer();
  bridge = await startUpstashBridge(server.url);
});
afterAll(async () => {
  await bridge?.stop();
  await server?.stop();
});

const LIMIT = 1_000;
const clock = Date.now();
let n = 0;

function post(store: Store, token: string, body: unknown = makeBatch(clock - 60_000 + n++ * 10)): Promise<number> {
  const request = new Request('http://hostwatch.test/api/v1/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return ingestRequest(request, store, { ingestPerMinute: LIMIT, now: () => clock }).then(
    () => 200,
    (err: unknown) => {
      if (err instanceof HttpError) return err.status;
      throw err;
    },
  );
}

const bridgeCommands = () => [...bridge.commandCounts.values()].reduce((a, b) => a + b, 0);

describe('one KV command per ingest POST', () => {
  it('on Upstash: one request carrying one command, also for a refused token, a rotation and a body that is refused', async () => {
    const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, DEFAULT_RETENTION, { keyPrefix: 'one-u:' });
    try {
      expect(store.fusedIngest).toBe(true);
      const h = await createTestHost(store);
      // The token's first POST here is checked before its body is read (three commands); the next ones are fused,
      // and the first of those loads the scripts.
      expect(await post(store, h.token)).toBe(200);
      expect(await post(store, h.token, '{}')).toBe(400); // loads the check-only script too
      expect(await post(store, h.token)).toBe(200);
      const cost = async (run: () => Promise<number>) => {
        const requests = bridge.requests;
        const commands = bridgeCommands();
        const status = await run();
        return { status, requests: bridge.requests - requests, commands: bridgeCommands() - commands };
      };
      for (let i = 0; i < 3; i++) expect(await cost(() => post(store, h.token))).toEqual({ status: 200, requests: 1, commands: 1 });
      expect(bridge.commandCounts.get('evalsha')).toBeGreaterThanOrEqual(3);
      const evalshaBefore = bridge.commandCounts.get('evalsha');
      // A made-up secret for the host: looked up before its body is read (one command), never fused.
      const forged = generateHostToken(h.host.id);
      expect(await cost(() => post(store, forged))).toEqual({ status: 401, requests: 1, commands: 1 });
      expect(bridge.commandCounts.get('evalsha')).toBe(evalshaBefore);
      // Its replays (a collector left running with a dead token) are answered from this process: no command.
      expect(await cost(() => post(store, forged))).toEqual({ status: 401, requests: 0, commands: 0 });
      expect(await cost(() => post(store, h.token, '{"samples": "nope"}'))).toEqual({ status: 400, requests: 1, commands: 1 });

      // A rotation holds from the very next POST. The new token's first POST to this process is checked before its
      // body is read (lookup, limit, ingest: three commands); from then on it costs one command again.
      const rotated = generateHostToken(h.host.id);
      await store.updateHost(h.host.id, { tokenHash: hashToken(rotated) });
      expect(await cost(() => post(store, h.token))).toEqual({ status: 401, requests: 1, commands: 1 });
      expect((await cost(() => post(store, rotated))).status).toBe(200);
      expect(await cost(() => post(store, rotated))).toEqual({ status: 200, requests: 1, commands: 1 });
      expect(await cost(() => post(store, h.token))).toEqual({ status: 401, requests: 0, commands: 0 });
    } finally {
      await store.close();
    }
  });

  it('on Redis: one EVALSHA per POST in commandstats, and nothing else from the client (MONITOR)', async () => {
    const store = createStore({ kind: 'redis', url: server.url }, DEFAULT_RETENTION, { keyPrefix: 'one-r:' });
    const admin = new Redis(server.url);
    const monitor = await new Redis(server.url).monitor();
    let fromClients: string[] = [];
    let marked: ((seen: string[]) => void) | null = null;
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const name = String(args[0]).toLowerCase();
      if (name === 'echo' && String(args[1]).startsWith('mark-') && marked) {
        marked(fromClients);
        fromClients = [];
      } else if (source !== 'lua' && name !== 'info') fromClients.push(name);
    });
    const calls = async () => {
      const text = (await admin.info('commandstats')) as string;
      const out = new Map<string, number>();
      for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]));
      return out;
    };
    // MONITOR lines arrive on their own connection: an ECHO from the admin connection marks the end of a step.
    const settled = async () => {
      const seen = new Promise<string[]>((resolve) => (marked = resolve));
      await admin.echo(`mark-${++n}`);
      return seen;
    };
    try {
      const h = await createTestHost(store);
      expect(await post(store, h.token)).toBe(200);
      await settled();
      for (let i = 0; i < 3; i++) {
        const before = await calls();
        expect(await post(store, h.token)).toBe(200);
        const after = await calls();
        expect((after.get('evalsha') ?? 0) - (before.get('evalsha') ?? 0)).toBe(1);
        expect((after.get('eval') ?? 0) - (before.get('eval') ?? 0)).toBe(0);
        expect(await settled()).toEqual(['evalsha']);
      }
      // A made-up token naming the host: one lookup, and its body is never read (no script runs).
      expect(await post(store, generateHostToken(h.host.id))).toBe(401);
      const lookup = await settled();
      expect(lookup).toHaveLength(1);
      expect(lookup).not.toContain('evalsha');
    } finally {
      monitor.disconnect();
      admin.disconnect();
      await store.close();
    }
  });

  it('through next start on Upstash: a collector POST is one request with one command at the bridge', async () => {
    const server = await startNextServer({ HOSTWATCH_STORE: 'upstash', KV_REST_API_URL: bridge.url, KV_REST_API_TOKEN: bridge.token, HOSTWATCH_ALERT_SCHEDULER: 'off' });
    const store = createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, DEFAULT_RETENTION);
    try {
      const h = await createTestHost(store);
      expect((await postIngest(server.url, makeBatch(Date.now() - 30_000), { token: h.token })).status).toBe(200);
      // Measured right after a POST, within the alert rules' cache time (a reload there would be one more read, not ingest's).
      for (let attempt = 0; ; attempt++) {
        const started = Date.now();
        expect((await postIngest(server.url, makeBatch(Date.now() - 20_000 + attempt), { token: h.token })).status).toBe(200);
        const requests = bridge.requests;
        const commands = bridgeCommands();
        const res = await postIngest(server.url, makeBatch(Date.now() - 10_000 + attempt), { token: h.token });
        if (Date.now() - started >= CONFIG_TTL_MS && attempt < 3) continue;
        expect(res.status).toBe(200);
        expect(res.json.accepted).toBe(1);
        expect({ requests: bridge.requests - requests, commands: bridgeCommands() - commands }).toEqual({ requests: 1, commands: 1 });
        break;
      }
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
