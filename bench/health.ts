/**
 * Whether one heavy read can stall everyone: a host at every per-family cap
 * (256 filesystems, 256 disks, 256 interfaces, 128 sensors: ~1,400 series,
 * so each raw sample carries ~1,400 values) with two hours of 5 s history,
 * read back to back by one client, then by four (the default series answer
 * for 1 h and 24 h, the most any viewer or share link can ask), while a probe
 * asks /api/v1/health every 20 ms. Reports the probe's latency beside a quiet
 * baseline; goal: health p99 <= 100 ms while one such reader runs (four
 * saturate both cores: that line shows how the wait grows, it is no goal).
 *
 * BENCH_STORE (both), BENCH_SECONDS (20).
 */
import { HOUR } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';
import { createTestApiToken, createTestHost } from '../tests/support/hosts';
import { makeSample } from '../tests/support/samples';
import { runLoad, summarize } from './support/load';
import { requireBuild, startTarget, storeKinds, type BenchStoreKind } from './support/servers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const GOAL_HEALTH_P99_MS = 100;

function widest(ts: number): Sample {
  const s = makeSample(ts);
  s.filesystems = Array.from({ length: 256 }, (_, i) => ({ ...s.filesystems[0]!, mount: `/srv/volume-${i}` }));
  s.disk.devices = Array.from({ length: 256 }, (_, i) => ({ ...s.disk.devices[0]!, name: `nvme${i}n1` }));
  s.network.interfaces = Array.from({ length: 256 }, (_, i) => ({ ...s.network.interfaces[0]!, name: `veth${i}` }));
  s.temperatures = Array.from({ length: 128 }, (_, i) => ({ label: `sensor ${i}`, celsius: 40 + (i % 20) }));
  return s;
}

async function seed(store: Store, hostId: string, now: number): Promise<void> {
  const start = now - 2 * HOUR;
  for (let ts = start; ts <= now; ) {
    const samples: Sample[] = [];
    for (let i = 0; i < 100 && ts <= now; i++, ts += 5_000) samples.push(widest(ts));
    await store.ingest(hostId, { samples, counters: { spooled: 0, dropped: 0 } }, now);
  }
}

/** Probes health every 20 ms for `ms`, one at a time; latencies in ms. */
async function probe(url: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/health`);
    await res.text();
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

async function benchOne(kind: BenchStoreKind) {
  const target = await startTarget(kind, { HOSTWATCH_API_RATE_PER_MIN: '1000000' });
  try {
    const now = Date.now();
    const { token } = await createTestApiToken(target.store);
    const { host } = await createTestHost(target.store, { name: 'widest' });
    await seed(target.store, host.id, now);
    const url = target.server.url;
    const quiet = summarize(await probe(url, 3_000));
    let bytes = 0;
    const underLoad = (readers: number) =>
      Promise.all([
        probe(url, SECONDS * 1000),
        runLoad({
          baseUrl: url,
          concurrency: readers,
        durationMs: SECONDS * 1000,
          maxRequests: 100_000,
          next: (i) => ({ method: 'GET', path: `/api/v1/hosts/${host.id}/series?range=${i % 2 === 0 ? '1h' : '24h'}`, headers: { authorization: `Bearer ${token}` } }),
          check: (status, body) => {
            bytes = Math.max(bytes, body.length);
            return status === 200;
          },
        }),
      ]).then(([health, reads]) => ({
        healthMs: summarize(health),
        reads: { perSecond: reads.perSecond, p50Ms: reads.latencyMs.p50, p99Ms: reads.latencyMs.p99, errors: reads.errors },
      }));
    const one = await underLoad(1);
    const four = await underLoad(4);
    return {
      kind,
      seriesPerHost: (await target.store.listSeriesNames(host.id)).length,
      largestAnswerBytes: bytes,
      healthQuietMs: quiet,
      oneReader: one,
      fourReaders: four,
      pass: one.healthMs.p99 <= GOAL_HEALTH_P99_MS && one.reads.errors === 0 && four.reads.errors === 0,
    };
  } finally {
    await target.stop();
  }
}

async function main() {
  requireBuild();
  const results = [];
  for (const kind of storeKinds('both')) {
    const r = await benchOne(kind);
    console.error(`[${kind}] health p99 ${r.healthQuietMs.p99} ms quiet, ${r.oneReader.healthMs.p99} ms beside one reader, ${r.fourReaders.healthMs.p99} ms beside four`);
    results.push(r);
  }
  const summary = {
    bench: 'health',
    seconds: SECONDS,
    goal: { healthP99Ms: GOAL_HEALTH_P99_MS },
    results: Object.fromEntries(results.map(({ kind, ...r }) => [kind, r])),
    pass: results.every((r) => r.pass),
  };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main().catch((err) => {
  console.error(err);
  console.log(`RESULT ${JSON.stringify({ bench: 'health', error: String((err as Error).message ?? err) })}`);
  process.exit(1);
});
