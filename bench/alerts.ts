/**
 * Alerting's cost and speed (issue #11), per store backend:
 *
 * - throughput: ingest POSTs/s from 1,000 hosts with the 20-rule mix in scope
 *   (bench/support/alert-mix.ts) against the same server with no rules,
 *   alternated; goal ratio >= 0.9.
 * - latency: a rule's "for" duration completed by a POST → the webhook at a
 *   local receiver, median <= 2 s; host down with a 5 s tick, within tick + 5 s
 *   after lastSeen + afterMs.
 * - tick: `alertTick` over 1,000 hosts with states and the 20 rules, in
 *   process: median <= 200 ms, a bounded number of store round trips.
 *
 * The machine is shared: each figure carries the load average taken before
 * it (and throughput runs the CPU other processes used meanwhile); each part
 * first waits a while for the 1-minute load to drop below 1.5.
 *
 * BENCH_STORE (both), BENCH_PARTS (throughput,latency,tick), BENCH_HOSTS (1000), BENCH_ROUNDS (6),
 * BENCH_ROUND_SECONDS (30), BENCH_CONCURRENCY (16), BENCH_TRIALS (20), BENCH_DOWN_HOSTS (5), BENCH_TICKS (20),
 * BENCH_QUIET_WAIT_S (90: longest wait for a quiet machine before each part), BENCH_SERVER_NODE_OPTIONS (e.g. --require a profiler hook).
 */
import { latencyPart, TICK_SECONDS } from './support/alerts-latency';
import { throughputPart } from './support/alerts-throughput';
import { tickPart } from './support/alerts-tick';
import { waitForQuiet } from './support/machine';
import { requireBuild, storeKinds } from './support/servers';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const HOSTS = num('BENCH_HOSTS', 1_000);
const PARTS = (process.env.BENCH_PARTS ?? 'throughput,latency,tick').split(',').map((s) => s.trim());
const GOAL = { throughputRatio: 0.9, detectionMedianMs: 2_000, hostDownAfterGraceMs: TICK_SECONDS * 1000 + 5_000, tickMedianMs: 200 };
const serverEnv: Record<string, string> = process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {};

async function main() {
  for (const p of PARTS) if (!['throughput', 'latency', 'tick'].includes(p)) throw new Error(`BENCH_PARTS: unknown part "${p}" (throughput, latency, tick)`);
  if (PARTS.some((p) => p !== 'tick')) requireBuild();
  const results: Record<string, Record<string, unknown>> = {};
  const passes: boolean[] = [];
  for (const kind of storeKinds('both')) {
    const r: Record<string, unknown> = {};
    results[kind] = r;
    if (PARTS.includes('throughput')) {
      const quiet = await waitForQuiet(`throughput ${kind}`);
      const t = await throughputPart(kind, {
        hosts: HOSTS,
        rounds: num('BENCH_ROUNDS', 6),
        roundSeconds: num('BENCH_ROUND_SECONDS', 30),
        concurrency: num('BENCH_CONCURRENCY', 16),
        serverEnv,
      });
      const pass = t.ratio >= GOAL.throughputRatio && t.errors === 0;
      console.error(
        `[throughput ${kind}] with rules ${t.withRules.postsPerSecond}/s, without ${t.withoutRules.postsPerSecond}/s: ratio ${t.ratio} (per round ${t.roundRatioMedian}); ` +
          `server CPU per POST ratio ${t.cpuPerPostRatio} (per round ${t.roundCpuPerPostRatioMedian}), ${t.errors} errors`,
      );
      r.throughput = { quietWait: quiet, ...t, pass };
      passes.push(pass);
    }
    if (PARTS.includes('latency')) {
      const quiet = await waitForQuiet(`latency ${kind}`);
      const l = await latencyPart(kind, { trials: num('BENCH_TRIALS', 20), downHosts: num('BENCH_DOWN_HOSTS', 5), serverEnv });
      const detectionPass = l.detection.missed === 0 && l.detection.latencyMs.p50 <= GOAL.detectionMedianMs;
      const downPass = l.hostDown.missed === 0 && l.hostDown.afterGraceMs.max <= GOAL.hostDownAfterGraceMs;
      r.detection = { quietWait: quiet, ...l.detection, pass: detectionPass };
      r.hostDown = { ...l.hostDown, pass: downPass };
      passes.push(detectionPass, downPass);
    }
    if (PARTS.includes('tick')) {
      const quiet = await waitForQuiet(`tick ${kind}`);
      const t = await tickPart(kind, { hosts: HOSTS, ticks: num('BENCH_TICKS', 20) });
      const pass = t.steady.p50 <= GOAL.tickMedianMs;
      r.tick = { quietWait: quiet, ...t, pass };
      passes.push(pass);
    }
  }
  const summary = { bench: 'alerts', hosts: HOSTS, rules: 20, goal: GOAL, results, pass: passes.every(Boolean) };
  console.log(`RESULT ${JSON.stringify(summary)}`);
}

main().catch((err) => {
  console.error(err);
  console.log(`RESULT ${JSON.stringify({ bench: 'alerts', error: String((err as Error).message ?? err) })}`);
  process.exit(1);
});
