/**
 * Ingest throughput: many simulated hosts, each POST a batch of 2 samples
 * from a different host (8,000 hosts posting every 10 s is 800 POSTs/s),
 * against a real `next start` per store backend. Goals: >= 800 POSTs/s
 * sustained, p99 <= 100 ms, 0 errors; on Redis also the commands one POST
 * costs (INFO commandstats; the Upstash bill counts the same commands): one,
 * with host tokens that name their host.
 *
 * BENCH_SECONDS (60), BENCH_HOSTS (8000), BENCH_CONCURRENCY (16), BENCH_STORE (sqlite, redis, upstash, a
 * comma list, both or all; default all), BENCH_SERVER_NODE_OPTIONS (e.g. --require a profiler hook).
 */
import { generateHostToken, hashToken, newId } from '@/lib/auth/tokens';
import type { Store } from '@/lib/store/types';
import { ingestBodyTemplate } from './support/ingest-body';
import { runLoad, type LoadResult } from './support/load';
import { processStats, requireBuild, startTarget, storeKinds, type BenchStoreKind } from './support/servers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 8_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP_SECONDS = Math.min(10, Math.max(2, SECONDS / 6));
const GOAL = { perSecond: 800, p99Ms: 100, errors: 0, commandsPerPost: 1 };

async function createHosts(store: Store, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const id = newId();
    const token = generateHostToken(id);
    await store.createHost({ id, name: `bench-${i}`, tags: [], tokenHash: hashToken(token), disabled: false, createdAt: now });
    tokens.push(token);
  }
  return tokens;
}

interface Outcome extends LoadResult {
  store: BenchStoreKind;
  /** Commands the app sent per POST (Upstash bridge: what Upstash bills), or null where not counted. */
  commandsSentPerPost: number | null;
  /** redis-server commandstats per POST, by command (script-internal calls included), or null on SQLite. */
  commandsExecutedPerPost: Record<string, number> | null;
  serverCpuPct: number;
  serverRssMb: number;
  firstErrors: string[];
}

function perPost(before: Record<string, number>, after: Record<string, number>, posts: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    // Reading the counters (INFO) is not part of the load.
    const delta = calls - (before[name] ?? 0) - (name === 'info' ? 1 : 0);
    if (delta > 0) out[name] = Math.round((delta / posts) * 100) / 100;
  }
  return out;
}

async function benchOne(kind: BenchStoreKind): Promise<Outcome> {
  const target = await startTarget(kind, process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {});
  try {
    const t0 = Date.now();
    const tokens = await createHosts(target.store, HOSTS);
    console.error(`[${kind}] created ${HOSTS} hosts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const body = ingestBodyTemplate();
    let cursor = 0;
    const firstErrors: string[] = [];
    const load = (seconds: number) =>
      runLoad({
        baseUrl: target.server.url,
        concurrency: CONCURRENCY,
        durationMs: seconds * 1000,
        maxRequests: Math.ceil(seconds * 5_000),
        next: () => ({
          method: 'POST',
          path: '/api/v1/ingest',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[cursor++ % tokens.length]}` },
          body: body(Date.now()),
        }),
        check: (status, text) => status === 200 && text.startsWith('{"accepted":2,'),
        onError: (m) => firstErrors.length < 5 && firstErrors.push(m),
      });
    await load(WARMUP_SECONDS);
    firstErrors.length = 0;
    const pid = target.server.process.pid!;
    const cpuBefore = (await processStats(pid)).cpuSeconds;
    const countsBefore = await target.commandCounts();
    const result = await load(SECONDS);
    const countsAfter = await target.commandCounts();
    const stats = await processStats(pid);
    const posts = result.requests;
    return {
      store: kind,
      ...result,
      commandsSentPerPost:
        countsBefore?.sent == null || countsAfter?.sent == null ? null : Math.round(((countsAfter.sent - countsBefore.sent) / posts) * 100) / 100,
      commandsExecutedPerPost: countsBefore && countsAfter ? perPost(countsBefore.executed, countsAfter.executed, posts) : null,
      serverCpuPct: Math.round(((stats.cpuSeconds - cpuBefore) / result.seconds) * 100),
      serverRssMb: stats.rssMb,
      firstErrors,
    };
  } finally {
    await target.stop();
  }
}

async function main() {
  requireBuild();
  const results: Outcome[] = [];
  for (const kind of storeKinds('all')) {
    const r = await benchOne(kind);
    console.error(`[${kind}] ${r.perSecond} POSTs/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, server CPU ${r.serverCpuPct}%` + (r.commandsSentPerPost === null ? '' : `, ${r.commandsSentPerPost} commands sent/POST`));
    if (r.firstErrors.length) console.error(`[${kind}] first errors:\n  ${r.firstErrors.join('\n  ')}`);
    results.push(r);
  }
  const pass = (r: Outcome) =>
    r.perSecond >= GOAL.perSecond && r.latencyMs.p99 <= GOAL.p99Ms && r.errors === GOAL.errors && (r.commandsSentPerPost === null || r.commandsSentPerPost <= GOAL.commandsPerPost);
  const summary = {
    bench: 'ingest',
    seconds: SECONDS,
    hosts: HOSTS,
    concurrency: CONCURRENCY,
    samplesPerPost: 2,
    goal: GOAL,
    results: Object.fromEntries(
      results.map((r) => [
        r.store,
        {
          postsPerSecond: r.perSecond,
          requests: r.requests,
          p50Ms: r.latencyMs.p50,
          p95Ms: r.latencyMs.p95,
          p99Ms: r.latencyMs.p99,
          maxMs: r.latencyMs.max,
          errors: r.errors,
          statuses: r.statuses,
          commandsSentPerPost: r.commandsSentPerPost,
          commandsExecutedPerPost: r.commandsExecutedPerPost,
          serverCpuPct: r.serverCpuPct,
          serverRssMb: r.serverRssMb,
          pass: pass(r),
        },
      ]),
    ),
    pass: results.every(pass),
  };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main().catch((err) => {
  console.error(err);
  console.log(`RESULT ${JSON.stringify({ bench: 'ingest', error: String((err as Error).message ?? err) })}`);
  process.exit(1);
});
