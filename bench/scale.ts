/**
 * How big a fleet one deployment carries: simulated hosts posting every 10 s
 * (two 5 s samples a batch, as the collector does by default), paced open
 * loop — each host on its own schedule, whatever the server's answers — while
 * a signed-in viewer loads the fleet page and the fleet API every 2 s. Fleet
 * sizes grow until one fails: ingest p99 ≤ 200 ms, the fleet page ≤ 1 s (p99),
 * no errors, and at least 95 % of the due posts sent (the generator is never
 * more than BENCH_MAX_IN_FLIGHT behind). Two deployments:
 *   (a) SQLite, one instance;
 *   (b) Redis, two instances behind a round-robin balancer (tests/support/balancer.ts) — `redis1` for one
 *       instance on Redis, to compare.
 * Per-host costs (server CPU and RSS, Redis memory) are reported at the largest passing size.
 *
 * BENCH_FLEETS (500,1000,2000,4000,8000), BENCH_STEP_SECONDS (30), BENCH_DEPLOYMENTS (sqlite,redis2),
 * BENCH_MAX_IN_FLIGHT (512).
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { BrowserSession } from '../tests/integration/auth/browser-session';
import { startBalancer, type Balancer } from '../tests/support/balancer';
import { startNextServer, type NextServer } from '../tests/support/next-server';
import { startRedisServer, type RedisServer } from '../tests/support/redis-server';
import { ingestBodyTemplate } from './support/ingest-body';
import { summarize } from './support/load';
import { loadAverage } from './support/machine';
import { processStats, requireBuild } from './support/servers';

const FLEETS = (process.env.BENCH_FLEETS ?? '500,1000,2000,4000,8000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 30);
const DEPLOYMENTS = (process.env.BENCH_DEPLOYMENTS ?? 'sqlite,redis2').split(',');
const MAX_IN_FLIGHT = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 512);
const POST_EVERY_MS = 10_000;
const GOALS = { ingestP99Ms: 200, fleetPageP99Ms: 1_000, sentShare: 0.95 };
const ADMIN = { email: 'scale@example.test', password: 'scale-bench-password-1' };

interface Deployment {
  url: string;
  servers: NextServer[];
  store: Store;
  redis?: RedisServer;
  balancer?: Balancer;
  stop(): Promise<void>;
}

async function deploy(kind: string): Promise<Deployment> {
  const adminEnv = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, HOSTWATCH_INGEST_RATE_PER_MIN: '1000' };
  if (kind === 'sqlite') {
    const server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ...adminEnv });
    const { default: path } = await import('node:path');
    const store = createStore({ kind: 'sqlite', file: path.join(server.dataDir, 'hostwatch.db') }, DEFAULT_RETENTION);
    return { url: server.url, servers: [server], store, stop: async () => (await store.close(), await server.stop()) };
  }
  const instances = Number(/^redis(\d)$/.exec(kind)?.[1] ?? NaN);
  if (!(instances >= 1)) throw new Error(`BENCH_DEPLOYMENTS: unknown "${kind}" (sqlite, redis1, redis2, …)`);
  const redis = await startRedisServer();
  const balancer = await startBalancer();
  const env = { HOSTWATCH_STORE: 'redis', REDIS_URL: redis.url, NEXTAUTH_URL: balancer.url, ...adminEnv };
  const servers = await Promise.all(Array.from({ length: instances }, () => startNextServer(env)));
  balancer.targets = servers.map((s) => s.url);
  const store = createStore({ kind: 'redis', url: redis.url }, DEFAULT_RETENTION);
  return {
    url: balancer.url,
    servers,
    store,
    redis,
    balancer,
    async stop() {
      await store.close();
      await Promise.all(servers.map((s) => s.stop()));
      await balancer.stop();
      await redis.stop();
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

function post(url: URL, token: string, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/api/v1/ingest', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

/** One fleet size for STEP_SECONDS: paced posts and the viewer's reads, each timed. */
async function step(d: Deployment, tokens: string[], viewer: BrowserSession) {
  const url = new URL(d.url);
  const body = ingestBodyTemplate();
  const n = tokens.length;
  const started = Date.now();
  const end = started + STEP_SECONDS * 1000;
  const ingestMs: number[] = [];
  let due = 0;
  let sent = 0;
  let errors = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const cpuBefore = await Promise.all(d.servers.map((s) => processStats(s.process.pid!)));
  const pageMs: number[] = [];
  const apiMs: number[] = [];
  const reader = (async () => {
    while (Date.now() < end) {
      for (const [path, into] of [['/', pageMs], ['/api/v1/fleet', apiMs]] as const) {
        const t0 = performance.now();
        const answer = await viewer.request('GET', path);
        if (answer.status !== 200) errors++;
        into.push(performance.now() - t0);
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  // Host i posts at started + (i / n) × 10 s, then every 10 s after.
  let next = 0;
  while (Date.now() < end) {
    const now = Date.now();
    const elapsed = now - started;
    const target = Math.floor((elapsed / POST_EVERY_MS) * n);
    for (; next < target; next++) {
      due++;
      if (inFlight >= MAX_IN_FLIGHT) continue;
      const token = tokens[next % n]!;
      inFlight++;
      sent++;
      const p = post(url, token, body(Date.now())).then(({ status, ms }) => {
        inFlight--;
        if (status !== 200) errors++;
        ingestMs.push(ms);
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all([...pending, reader]);
  const cpuAfter = await Promise.all(d.servers.map((s) => processStats(s.process.pid!)));
  const cpuShare = cpuAfter.reduce((sum, a, i) => sum + (a.cpuSeconds - cpuBefore[i]!.cpuSeconds), 0) / STEP_SECONDS;
  const ingest = summarize(ingestMs);
  const page = summarize(pageMs);
  const pass = errors === 0 && ingest.p99 <= GOALS.ingestP99Ms && page.p99 <= GOALS.fleetPageP99Ms && sent >= due * GOALS.sentShare;
  return {
    hosts: n,
    postsPerSecond: Math.round((sent / STEP_SECONDS) * 10) / 10,
    sentShare: Math.round((sent / Math.max(1, due)) * 1000) / 1000,
    errors,
    ingestMs: { p50: ingest.p50, p99: ingest.p99, max: ingest.max },
    fleetPageMs: { p50: page.p50, p99: page.p99 },
    fleetApiMs: { p50: summarize(apiMs).p50, p99: summarize(apiMs).p99 },
    serverCpuCores: Math.round(cpuShare * 100) / 100,
    serverRssMb: cpuAfter.map((s) => s.rssMb),
    pass,
  };
}

async function benchDeployment(kind: string) {
  const d = await deploy(kind);
  try {
    const viewer = new BrowserSession(d.url, '');
    if ((await viewer.signIn(ADMIN.email, ADMIN.password)).status !== 200) throw new Error('the viewer could not sign in');
    const tokens: string[] = [];
    const steps = [];
    let warmed = false;
    for (const fleet of FLEETS) {
      while (tokens.length < fleet) {
        const token = generateToken('host');
        await d.store.createHost({ id: newId(), name: `scale-${tokens.length}`, tags: [], tokenHash: hashToken(token), disabled: false, createdAt: Date.now() });
        tokens.push(token);
      }
      // First-use paths (JIT, prepared statements, Next's route loading) are not the steady state: a first step is not counted.
      if (!warmed) await step(d, tokens, viewer);
      warmed = true;
      const r = await step(d, tokens, viewer);
      console.error(`[${kind}] ${fleet} hosts: ${r.postsPerSecond}/s, ingest p99 ${r.ingestMs.p99} ms, fleet page p99 ${r.fleetPageMs.p99} ms, ${r.errors} errors, CPU ${r.serverCpuCores} cores → ${r.pass ? 'pass' : 'fail'}`);
      steps.push(r);
      if (!r.pass) break;
    }
    const best = [...steps].reverse().find((s) => s.pass) ?? null;
    let redisMemoryMb: number | null = null;
    if (d.redis) {
      const admin = new Redis(d.redis.url);
      redisMemoryMb = Math.round(Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]) / 1048576);
      admin.disconnect();
    }
    return {
      deployment: kind,
      instances: d.servers.length,
      largestFleet: best?.hosts ?? 0,
      perHost: best ? { serverCpuPercentOfCore: Math.round((best.serverCpuCores / best.hosts) * 100 * 10_000) / 10_000, redisMemoryKb: redisMemoryMb === null ? null : Math.round((redisMemoryMb * 1024) / tokens.length) } : null,
      steps,
    };
  } finally {
    await d.stop();
  }
}

requireBuild();
const load = loadAverage();
const results = [];
for (const kind of DEPLOYMENTS) results.push(await benchDeployment(kind));
agent.destroy();
console.log(`RESULT ${JSON.stringify({ bench: 'scale', stepSeconds: STEP_SECONDS, postEveryMs: POST_EVERY_MS, goals: GOALS, load, results })}`);
