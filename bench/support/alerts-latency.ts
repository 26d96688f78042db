import { summarize } from './load';
import { benchSample, createHosts, createWebhookChannel, storedRule, type BenchHost } from './alert-mix';
import { loadAverage } from './machine';
import { startTarget, type BenchStoreKind } from './servers';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/**
 * Detection latency on a self-hosted server, end to end to a local webhook
 * receiver:
 *
 * - A metric rule with a "for" duration (cpu.total above 50 for 1 min, on
 *   hosts tagged `lat`): a fresh host per trial posts a breaching sample 61 s
 *   old (pending), then one at now, which completes the duration. Timed from
 *   just before that second POST to the webhook's arrival.
 * - Host down (afterMs 1 min, the minimum, on hosts tagged `down`) with the
 *   tick at HOSTWATCH_ALERT_TICK_SECONDS=5: a few hosts post once, staggered
 *   across a tick interval, then fall silent. Timed from lastSeen + afterMs
 *   (the server's own lastSeen, read from the store) to the webhook's
 *   arrival; the goal is within a tick + 5 s.
 */

export interface LatencyOptions {
  trials: number;
  downHosts: number;
  serverEnv: Record<string, string>;
}

export const TICK_SECONDS = 5;
const FOR_MS = 60_000;
const AFTER_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, token: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${text.slice(0, 300)}`);
  return res.status;
}

const batchOf = (ts: number, cpuTotal?: number) => {
  const s = benchSample(ts);
  return { v: 1, samples: [cpuTotal === undefined ? s : { ...s, cpu: { ...s.cpu, total: cpuTotal } }], counters: { spooled: 0, dropped: 0 } };
};

async function detectionTrials(url: string, hosts: BenchHost[], receiver: WebhookReceiver, ruleId: string) {
  const latencies: number[] = [];
  const postMs: number[] = [];
  let missed = 0;
  for (const { host, token } of hosts) {
    const now = Date.now();
    await post(url, token, batchOf(now - FOR_MS - 1_000, 95));
    const t0 = performance.now();
    await post(url, token, batchOf(Date.now(), 95));
    postMs.push(performance.now() - t0);
    const arrival = await receiver.waitFor((a) => a.hostId === host.id && a.ruleId === ruleId && a.kind === 'firing', 30_000);
    if (arrival) latencies.push(arrival.at - t0);
    else missed++;
    await sleep(250);
  }
  return { latencyMs: summarize(latencies), postMs: summarize(postMs), trials: hosts.length, missed };
}

export async function latencyPart(kind: BenchStoreKind, opts: LatencyOptions) {
  const receiver = await startWebhookReceiver();
  const target = await startTarget(kind, { HOSTWATCH_ALERT_TICK_SECONDS: String(TICK_SECONDS), HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.0/8', ...opts.serverEnv });
  try {
    const now = Date.now();
    const channel = await createWebhookChannel(target.store, receiver.url, now);
    const cpuRule = storedRule({ name: 'CPU over 50 % for 1 min', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 50 }, forMs: FOR_MS, scope: { kind: 'tag', tag: 'lat' } }, [channel.id], now);
    const downRule = storedRule({ name: 'Host down', condition: { kind: 'host_down', afterMs: AFTER_MS }, scope: { kind: 'tag', tag: 'down' } }, [channel.id], now);
    await target.store.alerts.createRule(cpuRule);
    await target.store.alerts.createRule(downRule);
    const latHosts = await createHosts(target.store, opts.trials, (i) => `lat-${i}`, () => ['lat'], now);
    const downHosts = await createHosts(target.store, opts.downHosts, (i) => `down-${i}`, () => ['down'], now);

    // The silent hosts' last batches first (staggered across one tick), so their grace periods run during the trials.
    const loadBeforeDown = loadAverage();
    const lastSeen = new Map<string, number>();
    for (const { host, token } of downHosts) {
      await post(target.server.url, token, batchOf(Date.now()));
      const state = await target.store.getHostState(host.id);
      if (!state) throw new Error(`host ${host.name}: no state after its batch`);
      lastSeen.set(host.id, state.lastSeen);
      await sleep((TICK_SECONDS * 1000) / opts.downHosts);
    }

    const loadBeforeDetection = loadAverage();
    const detection = await detectionTrials(target.server.url, latHosts, receiver, cpuRule.id);
    console.error(`[latency ${kind}] for-duration → webhook: median ${detection.latencyMs.p50} ms, p95 ${detection.latencyMs.p95} ms over ${detection.trials} trials (${detection.missed} missed), load before ${loadBeforeDetection.load1}`);

    const lateMs: number[] = [];
    let missed = 0;
    for (const { host } of downHosts) {
      const dueWall = lastSeen.get(host.id)! + AFTER_MS;
      const arrival = await receiver.waitFor((a) => a.hostId === host.id && a.ruleId === downRule.id && a.kind === 'firing', Math.max(0, dueWall - Date.now()) + TICK_SECONDS * 1000 + 30_000);
      if (arrival) lateMs.push(arrival.wall - dueWall);
      else missed++;
    }
    const down = summarize(lateMs);
    console.error(`[latency ${kind}] host down, after lastSeen + afterMs: median ${down.p50} ms, max ${down.max} ms over ${downHosts.length} hosts (${missed} missed), load before ${loadBeforeDown.load1}`);
    return {
      detection: { ...detection, loadBefore: loadBeforeDetection },
      hostDown: { tickSeconds: TICK_SECONDS, afterMs: AFTER_MS, hosts: downHosts.length, missed, afterGraceMs: down, loadBefore: loadBeforeDown },
    };
  } finally {
    await target.stop();
    await receiver.close();
  }
}
