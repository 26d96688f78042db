import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alertsOnIngest } from '@/lib/alerting/on-ingest';
import { alertTick, type TickResult } from '@/lib/alerting/tick';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { IngestBatch, Store } from '@/lib/store/types';
import { startRedisServer, type RedisServer } from '../../tests/support/redis-server';
import { benchSample, createHosts, createRules, createWebhookChannel, hostTags } from './alert-mix';
import { summarize } from './load';
import { loadAverage } from './machine';
import type { BenchStoreKind } from './servers';

/**
 * One tick over the fleet, in process: a store holding the hosts, each with
 * three batches judged by the engine a minute apart (so each has its host
 * state and the alert states the rule mix keeps: windows, pendings, a few
 * firing), and the 20 rules. Timed on an injected clock, as the server's
 * scheduler runs it (a tick interval apart, so the config cache reloads each
 * time): steady ticks where nothing is due; one "storm" tick where every
 * host has gone silent and host down fires for all of them; then steady
 * ticks again with every host down. Store calls are counted at the Store
 * interface (a Proxy that only counts), config reads included.
 */

export interface TickOptions {
  hosts: number;
  ticks: number;
}

const TICK_MS = 5_000;

/** The same store, every method call counted (store.alerts' too). */
function counted(store: Store): { store: Store; calls: () => number } {
  let n = 0;
  const wrap = <T extends object>(o: T): T =>
    new Proxy(o, {
      get(t, key, recv) {
        const v = Reflect.get(t, key, recv) as unknown;
        if (key === 'alerts') return alertsProxy;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const alertsProxy = wrap(store.alerts);
  return { store: wrap(store), calls: () => n };
}

async function openStore(kind: BenchStoreKind): Promise<{ store: Store; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-bench-tick-'));
    const store = createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, DEFAULT_RETENTION);
    return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const redis: RedisServer = await startRedisServer();
  const store = createStore({ kind: 'redis', url: redis.url }, DEFAULT_RETENTION);
  return { store, close: async () => (await store.close(), await redis.stop()) };
}

async function timeTicks(store: Store, calls: () => number, from: number, count: number) {
  const ms: number[] = [];
  let last: TickResult | null = null;
  let storeCalls = 0;
  for (let i = 0; i < count; i++) {
    const before = calls();
    const t0 = performance.now();
    last = await alertTick(store, from + i * TICK_MS);
    ms.push(performance.now() - t0);
    storeCalls = calls() - before;
  }
  return { ms: summarize(ms), result: last!, storeCallsPerTick: storeCalls };
}

export async function tickPart(kind: BenchStoreKind, opts: TickOptions) {
  const { store, close } = await openStore(kind);
  try {
    const T0 = Date.now();
    const channel = await createWebhookChannel(store, 'http://127.0.0.1:9/never-sent', T0 - 3_600_000);
    await createRules(store, channel.id, T0 - 3_600_000);
    const hosts = await createHosts(store, opts.hosts, (i) => `tick-${i}`, hostTags, T0 - 3_600_000);
    const seedStart = performance.now();
    for (let k = 2; k >= 0; k--) {
      const at = T0 - k * 60_000;
      for (let i = 0; i < hosts.length; i++) {
        const batch: IngestBatch = { samples: [benchSample(at - 1_000, i), benchSample(at, i)], counters: { spooled: 0, dropped: 0 } };
        await store.ingest(hosts[i]!.host.id, batch, at);
        await alertsOnIngest(store, hosts[i]!.host, batch, at);
      }
    }
    const states = await store.alerts.listStates();
    const byStatus = states.reduce<Record<string, number>>((m, s) => ((m[s.status] = (m[s.status] ?? 0) + 1), m), {});
    console.error(`[tick ${kind}] seeded ${hosts.length} hosts × 3 batches in ${((performance.now() - seedStart) / 1000).toFixed(1)} s: ${states.length} alert states ${JSON.stringify(byStatus)}`);

    const { store: countedStore, calls } = counted(store);
    const loadBefore = loadAverage();
    // Two unmeasured ticks: JIT, and Redis's fleet read learning the host ids.
    await alertTick(countedStore, T0 + 1_000);
    await alertTick(countedStore, T0 + 1_000 + TICK_MS);
    const steady = await timeTicks(countedStore, calls, T0 + 10_000, opts.ticks);
    const storm = await timeTicks(countedStore, calls, T0 + 10 * 60_000, 1);
    const allDown = await timeTicks(countedStore, calls, T0 + 10 * 60_000 + TICK_MS, opts.ticks);
    const line = (name: string, t: typeof steady) =>
      console.error(`[tick ${kind}] ${name}: median ${t.ms.p50} ms, p95 ${t.ms.p95} ms, max ${t.ms.max} ms; roundTrips ${t.result.roundTrips}, store calls ${t.storeCallsPerTick}, commits ${t.result.commits}, transitions ${t.result.transitions}`);
    line('steady', steady);
    line('storm (every host down at once)', storm);
    line('steady, every host down', allDown);
    const pick = (t: typeof steady) => ({ ...t.ms, roundTrips: t.result.roundTrips, storeCalls: t.storeCallsPerTick, hosts: t.result.hosts, commits: t.result.commits, transitions: t.result.transitions, conflicts: t.result.conflicts });
    return { hosts: hosts.length, alertStates: states.length, statesByStatus: byStatus, loadBefore, steady: pick(steady), storm: pick(storm), steadyAllDown: pick(allDown) };
  } finally {
    await close();
  }
}
