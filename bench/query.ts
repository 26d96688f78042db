/**
 * Read latency: one host with 30 days of history (seeded through the store
 * directly; HTTP ingest is bench:ingest's job), then series of every history
 * metric for 24 h and 30 d, and the fleet list with 1,000 hosts. Requests go
 * one at a time over a keep-alive connection, so the time measured is the
 * server's plus loopback. Goals: series p95 <= 50 ms, fleet p95 <= 150 ms.
 *
 * BENCH_STORE (sqlite), BENCH_REQUESTS (200), BENCH_HISTORY_DAYS (30), BENCH_SAMPLE_MS (5000), BENCH_FLEET (1000).
 */
import { DAY } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost } from '../tests/support/hosts';
import { makeSample, makeSystem } from '../tests/support/samples';
import { runLoad, type LoadResult } from './support/load';
import { requireBuild, startTarget, storeKinds, type BenchStoreKind } from './support/servers';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 30);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 5_000);
const FLEET = Number(process.env.BENCH_FLEET ?? 1_000);
const GOAL = { seriesP95Ms: 50, fleetP95Ms: 150 };

async function seedHistory(store: Store, hostId: string, now: number): Promise<number> {
  const start = now - HISTORY_DAYS * DAY;
  let count = 0;
  for (let ts = start - (start % SAMPLE_MS); ts <= now; ) {
    const samples = [];
    for (let i = 0; i < 500 && ts <= now; i++, ts += SAMPLE_MS) samples.push(makeSample(ts, 0, { intervalMs: SAMPLE_MS }));
    await store.ingest(hostId, { samples, counters: { spooled: 0, dropped: 0 }, system: makeSystem('bench-history') }, now);
    count += samples.length;
  }
  return count;
}

async function seedFleet(store: Store, count: number, now: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { host } = await createTestHost(store, { name: `fleet-${String(i).padStart(4, '0')}` });
    await store.ingest(host.id, { samples: [makeSample(now - 2_000, i)], counters: { spooled: 0, dropped: 0 }, system: makeSystem(`fleet-${i}`) }, now);
  }
}

async function measure(baseUrl: string, path: string, token: string, check: (body: string) => boolean): Promise<LoadResult & { firstError?: string }> {
  let firstError: string | undefined;
  const opts = {
    baseUrl,
    concurrency: 1,
    durationMs: 300_000,
    next: () => ({ method: 'GET' as const, path, headers: { authorization: `Bearer ${token}` } }),
    check: (status: number, body: string) => status === 200 && check(body),
    onError: (m: string) => (firstError ??= m),
  };
  await runLoad({ ...opts, maxRequests: 20 }); // warm-up: JIT, caches, first connection
  return { ...(await runLoad({ ...opts, maxRequests: REQUESTS })), firstError };
}

async function benchOne(kind: BenchStoreKind) {
  const target = await startTarget(kind, { HOSTWATCH_API_RATE_PER_MIN: '1000000' });
  try {
    const now = Date.now();
    const { token } = await createTestApiToken(target.store);
    const { host } = await createTestHost(target.store, { name: 'history' });
    let t0 = Date.now();
    const samples = await seedHistory(target.store, host.id, now);
    console.error(`[${kind}] seeded ${samples} samples (${HISTORY_DAYS} d at ${SAMPLE_MS / 1000} s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    await seedFleet(target.store, FLEET - 1, now);
    console.error(`[${kind}] seeded ${FLEET - 1} more hosts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const seriesOk = (tier: string) => (body: string) => {
      const j = JSON.parse(body) as { tier: string; t: number[]; series: Record<string, { avg: (number | null)[] }> };
      return j.tier === tier && Object.keys(j.series).length >= 19 && j.series['cpu.total']!.avg.some((v) => v !== null);
    };
    const day = await measure(target.server.url, `/api/v1/hosts/${host.id}/series?range=24h`, token, seriesOk('5m'));
    const month = await measure(target.server.url, `/api/v1/hosts/${host.id}/series?range=30d`, token, seriesOk('1h'));
    const fleet = await measure(target.server.url, '/api/v1/hosts', token, (body) => (JSON.parse(body) as { hosts: unknown[] }).hosts.length === FLEET);
    const row = (r: Awaited<ReturnType<typeof measure>>) => ({ requests: r.requests, p50Ms: r.latencyMs.p50, p95Ms: r.latencyMs.p95, maxMs: r.latencyMs.max, errors: r.errors, ...(r.firstError ? { firstError: r.firstError.slice(0, 200) } : {}) });
    return {
      store: kind,
      series24h: row(day),
      series30d: row(month),
      fleet: row(fleet),
      pass:
        day.errors + month.errors + fleet.errors === 0 &&
        day.latencyMs.p95 <= GOAL.seriesP95Ms &&
        month.latencyMs.p95 <= GOAL.seriesP95Ms &&
        fleet.latencyMs.p95 <= GOAL.fleetP95Ms,
    };
  } finally {
    await target.stop();
  }
}

async function main() {
  requireBuild();
  const results = [];
  for (const kind of storeKinds('sqlite')) {
    const r = await benchOne(kind);
    console.error(`[${kind}] series 24h p95 ${r.series24h.p95Ms} ms, series 30d p95 ${r.series30d.p95Ms} ms, fleet(${FLEET}) p95 ${r.fleet.p95Ms} ms`);
    results.push(r);
  }
  const summary = {
    bench: 'query',
    historyDays: HISTORY_DAYS,
    sampleMs: SAMPLE_MS,
    fleetHosts: FLEET,
    requests: REQUESTS,
    goal: GOAL,
    results: Object.fromEntries(results.map(({ store, ...rest }) => [store, rest])),
    pass: results.every((r) => r.pass),
  };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main().catch((err) => {
  console.error(err);
  console.log(`RESULT ${JSON.stringify({ bench: 'query', error: String((err as Error).message ?? err) })}`);
  process.exit(1);
});
