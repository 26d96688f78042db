import type { AlertRule } from '@/lib/alerts/schemas';
import { CONFIG_TTL_MS } from '@/lib/alerting/config-cache';
import { alertBodyTemplate, createHosts, createRules, createWebhookChannel, deleteRules, hostTags } from './alert-mix';
import { runLoad } from './load';
import { cpuWindow, loadAverage, type Load } from './machine';
import { processStats, startTarget, type BenchStoreKind } from './servers';
import { startWebhookReceiver } from './webhook-receiver';

/**
 * Ingest throughput with the rule mix in scope against the same server with
 * no rule at all, alternated round by round (as bench/ingest-ratio.ts does)
 * so drift in the shared machine's load hits both sides alike. Rules are
 * created and deleted directly in the store the server uses; each side first
 * runs unmeasured for longer than the engine's config cache lives, so the
 * server has picked the change up (and, with rules, written each host's
 * first states) before the clock starts. Windowed rules write once per
 * minute, so a 30 s run holds a minute turn or not; over the rounds that
 * averages out to the steady rate. The machine is shared and its load swings
 * within a minute, so besides the ratio of the two sides' medians the result
 * has the median of each round's own ratio (its two runs back to back), and
 * the same for server CPU time per POST, which contention moves far less
 * than throughput.
 */

export interface ThroughputOptions {
  hosts: number;
  rounds: number;
  roundSeconds: number;
  concurrency: number;
  serverEnv: Record<string, string>;
}

interface Run {
  perSecond: number;
  p99Ms: number;
  errors: number;
  serverCpuMsPerPost: number;
  othersCpuPct: number;
  loadBefore: Load;
}

const SETTLE_SECONDS = Math.ceil(CONFIG_TTL_MS / 1000) + 3;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function throughputPart(kind: BenchStoreKind, opts: ThroughputOptions) {
  const receiver = await startWebhookReceiver();
  const target = await startTarget(kind, {
    // The bench posts each host's batch far more often than every 10 s; the limit is not what is measured.
    HOSTWATCH_INGEST_RATE_PER_MIN: '1000000',
    HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.0/8',
    ...opts.serverEnv,
  });
  try {
    const now = Date.now();
    const channel = await createWebhookChannel(target.store, receiver.url, now);
    const hosts = await createHosts(target.store, opts.hosts, (i) => `alerts-${i}`, hostTags, now);
    const body = alertBodyTemplate();
    const pid = target.server.process.pid!;
    const pids = [pid, ...(target.redis?.process.pid ? [target.redis.process.pid] : [])];
    let cursor = 0;
    const firstErrors: string[] = [];
    const run = async (seconds: number): Promise<Run> => {
      const loadBefore = loadAverage();
      const cpu0 = (await processStats(pid)).cpuSeconds;
      const window = cpuWindow(pids);
      const r = await runLoad({
        baseUrl: target.server.url,
        concurrency: opts.concurrency,
        durationMs: seconds * 1000,
        maxRequests: seconds * 10_000,
        next: () => ({
          method: 'POST',
          path: '/api/v1/ingest',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${hosts[cursor++ % hosts.length]!.token}` },
          body: body(Date.now()),
        }),
        // A host's next batch can land on the exact millisecond of its previous one (a duplicate): still stored, not an error.
        check: (status, text) => status === 200 && /^\{"accepted":[12],/.test(text),
        onError: (m) => firstErrors.length < 5 && firstErrors.push(m),
      });
      const { othersCpuPct } = window.stop();
      const cpu = (await processStats(pid)).cpuSeconds - cpu0;
      return {
        perSecond: r.perSecond,
        p99Ms: r.latencyMs.p99,
        errors: r.errors,
        serverCpuMsPerPost: Math.round(((cpu * 1000) / Math.max(1, r.requests)) * 1000) / 1000,
        othersCpuPct,
        loadBefore,
      };
    };

    let rules: AlertRule[] = [];
    const side = async (name: 'with' | 'without') => {
      if (name === 'with' && rules.length === 0) rules = await createRules(target.store, channel.id, Date.now());
      if (name === 'without' && rules.length > 0) {
        await deleteRules(target.store, rules);
        rules = [];
      }
      await run(SETTLE_SECONDS);
    };

    // Warm both sides (JIT, first-use paths, the canaries' first firing), unmeasured.
    await side('without');
    await side('with');
    firstErrors.length = 0;
    const sides = { with: [] as Run[], without: [] as Run[] };
    for (let round = 0; round < opts.rounds; round++) {
      for (const name of round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        await side(name);
        const r = await run(opts.roundSeconds);
        sides[name].push(r);
        console.error(
          `[throughput ${kind}] round ${round + 1} ${name} rules: ${r.perSecond} POSTs/s, p99 ${r.p99Ms} ms, ${r.serverCpuMsPerPost} ms server CPU/POST, ` +
            `${r.errors} errors, others' CPU ${r.othersCpuPct}%, load before ${r.loadBefore.load1}`,
        );
      }
    }
    const perRound = (f: (r: Run) => number) => round3(median(sides.with.map((w, i) => f(w) / f(sides.without[i]!))));
    const withMedian = median(sides.with.map((r) => r.perSecond));
    const withoutMedian = median(sides.without.map((r) => r.perSecond));
    const cpuWith = median(sides.with.map((r) => r.serverCpuMsPerPost));
    const cpuWithout = median(sides.without.map((r) => r.serverCpuMsPerPost));
    return {
      withRules: { postsPerSecond: withMedian, serverCpuMsPerPost: cpuWith, runs: sides.with },
      withoutRules: { postsPerSecond: withoutMedian, serverCpuMsPerPost: cpuWithout, runs: sides.without },
      ratio: round3(withMedian / withoutMedian),
      roundRatioMedian: perRound((r) => r.perSecond),
      cpuPerPostRatio: round3(cpuWith / cpuWithout),
      roundCpuPerPostRatioMedian: perRound((r) => r.serverCpuMsPerPost),
      errors: [...sides.with, ...sides.without].reduce((a, r) => a + r.errors, 0),
      firstErrors,
      notificationsReceived: receiver.arrivals.length,
    };
  } finally {
    await target.stop();
    await receiver.close();
  }
}
