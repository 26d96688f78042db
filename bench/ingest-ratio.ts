/**
 * Ingest against the yardstick: Hostwatch's POST /api/v1/ingest and a bare
 * Next.js route handler that only parses the same JSON body and answers JSON
 * (bench/support/bare-next.ts), driven alternately by the same load tool with
 * the same body and concurrency, so both see the same machine. Reports each
 * one's throughput and server CPU per request, and the ratio (Hostwatch ÷
 * bare). Goal: >= 0.8 on SQLite and Redis.
 *
 * BENCH_ROUNDS (3), BENCH_ROUND_SECONDS (15), BENCH_HOSTS (2000), BENCH_CONCURRENCY (16), BENCH_STORE (both),
 * BENCH_SERVER_NODE_OPTIONS (Node options for both servers, e.g. `--require` of a profiler: Node refuses --cpu-prof there).
 */
import { generateHostToken, hashToken, newId } from '@/lib/auth/tokens';
import { buildBareNext, startBareNext } from './support/bare-next';
import { ingestBodyTemplate } from './support/ingest-body';
import { runLoad } from './support/load';
import { processStats, requireBuild, startTarget, storeKinds, type BenchStoreKind } from './support/servers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 15);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const GOAL_RATIO = 0.8;

interface Side {
  perSecond: number[];
  cpuMsPerRequest: number[];
  /** The redis-server's own CPU per request (Redis only): it shares the machine with the Node server. */
  storeCpuMsPerRequest: number[];
  errors: number;
}

/** One timed run against a server, with its CPU time per request from /proc. */
async function measure(url: string, pid: number, storePid: number | undefined, path: string, headers: (i: number) => Record<string, string>, body: (ts: number) => string, ok: (s: number, t: string) => boolean, seconds: number) {
  const before = (await processStats(pid)).cpuSeconds;
  const storeBefore = storePid ? (await processStats(storePid)).cpuSeconds : 0;
  const r = await runLoad({
    baseUrl: url,
    concurrency: CONCURRENCY,
    durationMs: seconds * 1000,
    maxRequests: seconds * 10_000,
    next: (i) => ({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers(i) }, body: body(Date.now()) }),
    check: ok,
    // A few of the answers that failed the check, so a run with errors says what they were.
    onError: (what) => {
      if (shownErrors++ < 5) console.error(`error: ${what}`);
    },
  });
  const cpu = (await processStats(pid)).cpuSeconds - before;
  const storeCpu = storePid ? (await processStats(storePid)).cpuSeconds - storeBefore : 0;
  const perRequest = (seconds: number) => Math.round(((seconds * 1000) / Math.max(1, r.requests)) * 1000) / 1000;
  return { perSecond: r.perSecond, cpuMsPerRequest: perRequest(cpu), storeCpuMsPerRequest: perRequest(storeCpu), errors: r.errors };
}

let shownErrors = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function benchOne(kind: BenchStoreKind) {
  const target = await startTarget(kind, process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {});
  const bare = await startBareNext(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {});
  try {
    const tokens: string[] = [];
    for (let i = 0; i < HOSTS; i++) {
      const id = newId();
      const token = generateHostToken(id);
      await target.store.createHost({ id, name: `ratio-${i}`, tags: [], tokenHash: hashToken(token), disabled: false, createdAt: Date.now() });
      tokens.push(token);
    }
    const body = ingestBodyTemplate();
    let cursor = 0;
    const hw = () =>
      measure(target.server.url, target.server.process.pid!, target.redis?.process.pid, '/api/v1/ingest', () => ({ authorization: `Bearer ${tokens[cursor++ % tokens.length]}` }), body, (s, t) => s === 200 && t.startsWith('{"accepted":2,'), ROUND_SECONDS);
    const yard = () => measure(bare.url, bare.process.pid!, undefined, '/api/echo', () => ({}), body, (s, t) => s === 200 && t.startsWith('{"accepted":2,'), ROUND_SECONDS);
    // Warm both (JIT, first-use paths), then alternate so drift in the machine's load hits both alike.
    await hw();
    await yard();
    const sides: Record<'hostwatch' | 'bare', Side> = {
      hostwatch: { perSecond: [], cpuMsPerRequest: [], storeCpuMsPerRequest: [], errors: 0 },
      bare: { perSecond: [], cpuMsPerRequest: [], storeCpuMsPerRequest: [], errors: 0 },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of round % 2 === 0 ? ([['bare', yard], ['hostwatch', hw]] as const) : ([['hostwatch', hw], ['bare', yard]] as const)) {
        const r = await run();
        sides[name].perSecond.push(r.perSecond);
        sides[name].cpuMsPerRequest.push(r.cpuMsPerRequest);
        sides[name].storeCpuMsPerRequest.push(r.storeCpuMsPerRequest);
        sides[name].errors += r.errors;
        console.error(`[${kind}] round ${round + 1} ${name}: ${r.perSecond}/s, ${r.cpuMsPerRequest} ms CPU per request (store ${r.storeCpuMsPerRequest}), ${r.errors} errors`);
      }
    }
    const ratio = Math.round((median(sides.hostwatch.perSecond) / median(sides.bare.perSecond)) * 100) / 100;
    const cpuRatio = Math.round((median(sides.hostwatch.cpuMsPerRequest) / median(sides.bare.cpuMsPerRequest)) * 100) / 100;
    return { kind, ratio, cpuPerRequestRatio: cpuRatio, storeCpuMsPerRequest: median(sides.hostwatch.storeCpuMsPerRequest), hostwatch: sides.hostwatch, bare: sides.bare, pass: ratio >= GOAL_RATIO && sides.hostwatch.errors === 0 };
  } finally {
    await bare.stop();
    await target.stop();
  }
}

async function main() {
  requireBuild();
  buildBareNext();
  const results = [];
  for (const kind of storeKinds('both')) results.push(await benchOne(kind));
  const summary = {
    bench: 'ingest-ratio',
    rounds: ROUNDS,
    roundSeconds: ROUND_SECONDS,
    concurrency: CONCURRENCY,
    hosts: HOSTS,
    goalRatio: GOAL_RATIO,
    results: Object.fromEntries(results.map(({ kind, ...r }) => [kind, r])),
    pass: results.every((r) => r.pass),
  };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main().catch((err) => {
  console.error(err);
  console.log(`RESULT ${JSON.stringify({ bench: 'ingest-ratio', error: String((err as Error).message ?? err) })}`);
  process.exit(1);
});
