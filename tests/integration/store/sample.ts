import { afterAll, beforeAll } from 'vitest';
import type { Container, Sample } from '@/lib/wire/contract';
import { DAY, HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import type { HostRecord, IngestBatch, ShareRecord, Store } from '@/lib/store/types';

/** Small, valid wire samples for the store contract; values chosen to be exact at the stored precision. */
export interface SampleOptions {
  cpu?: number;
  memUsed?: number;
  netRx?: number;
  load1?: number;
  filesystems?: Record<string, number>;
  temperatures?: number[];
  processes?: string[];
  /** Containers by name, each a running one using `cpu` % unless its fields say otherwise. */
  containers?: Record<string, Partial<Container>>;
}

export function container(name: string, over: Partial<Container> = {}): Container {
  return {
    id: 'c'.repeat(64), name, image: 'busybox:1', state: 'running', health: 'none', restarts: 0, startedAt: 1_700_000_000_000,
    cpuPct: 5, memUsed: 64_000_000, memLimit: 0, memCache: 1_000_000, blkReadBps: 0, blkWriteBps: 512, netRxBps: 100, netTxBps: 50, pids: 3, ...over,
  };
}

export function sample(ts: number, o: SampleOptions = {}): Sample {
  const cpu = o.cpu ?? 12.5;
  return {
    ts,
    intervalMs: 5_000,
    cpu: {
      total: cpu, user: cpu / 2, system: cpu / 4, iowait: 0.25, steal: 0, irq: 0, nice: 0, idle: 100 - cpu,
      cores: [cpu, cpu], load1: o.load1 ?? 0.42, load5: 0.3, load15: 0.2, ctxtPerSec: 1000, intrPerSec: 500, procsRunning: 1, procsBlocked: 0,
    },
    memory: { total: 8_000_000_000, used: o.memUsed ?? 3_000_000_123, available: 4_500_000_000, buffers: 1_000, cached: 900_000_000, swapTotal: 0, swapUsed: 0 },
    filesystems: Object.entries(o.filesystems ?? { '/': 41.25 }).map(([mount, usedPct]) => ({
      mount, device: '/dev/vda1', type: 'ext4', size: 100, used: usedPct, free: 100 - usedPct, usedPct, inodesUsed: 1, inodesTotal: 10,
    })),
    disk: {
      total: { readBps: 2048, writeBps: 4096, readsPerSec: 1, writesPerSec: 2, busyPct: 3 },
      devices: [{ name: 'vda', readBps: 2048, writeBps: 4096, readsPerSec: 1, writesPerSec: 2, busyPct: 3 }],
    },
    network: {
      total: { rxBps: o.netRx ?? 10_000, txBps: 5_000, rxPps: 10, txPps: 5, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 },
      interfaces: [],
    },
    temperatures: (o.temperatures ?? [51.5]).map((celsius, i) => ({ label: `t${i}`, celsius })),
    processes: {
      total: 120,
      running: 2,
      top: (o.processes ?? ['node']).map((name, i) => ({
        pid: i + 1, name, user: 'root', state: 'R', cpuPct: 1.5, rss: 1_000_000, memPct: 0.5, threads: 4, startedAt: 1_600_000_000_000, command: name,
      })),
    },
    ...(o.containers ? { containers: Object.entries(o.containers).map(([name, over]) => container(name, over)) } : {}),
  };
}

export function batch(samples: Sample[], extra: Partial<IngestBatch> = {}): IngestBatch {
  return { samples, counters: { spooled: 0, dropped: 0 }, ...extra };
}

let n = 0;
export function host(overrides: Partial<HostRecord> = {}): HostRecord {
  n++;
  const id = overrides.id ?? `h${n}-${Math.random().toString(36).slice(2, 8)}`;
  return { id, name: `host ${id}`, tags: ['web'], tokenHash: `tok-${id}`.padEnd(64, '0'), disabled: false, createdAt: 1_700_000_000_000 + n, ...overrides };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Short tiers, so every contract case fits in a few hours of data. */
export const RETENTION: Retention = { rawMs: HOUR, minuteMs: DAY, fiveMinuteMs: 3 * DAY, hourMs: 30 * DAY };
export const minuteStart = (t: number) => t - (t % MINUTE);

export function share(hostId: string, now: number, overrides: Partial<ShareRecord> = {}): ShareRecord {
  return { id: `s-${hostId}`, hostId, tokenHash: `share-${hostId}`, label: 'x', createdBy: 'u', createdAt: now, expiresAt: null, includeProcesses: true, includeAlerts: false, maxRangeMs: DAY, lastViewedAt: null, viewCount: 0, ...overrides };
}

/**
 * A suite's store: a fresh one from `create` before the suite's tests, closed
 * after them, and `newHost()` for a host record in it. Call inside describe().
 */
export function suiteStore(create: () => Promise<Store>) {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => {
    await store?.close();
  });
  const current = () => {
    if (!store) throw new Error('the suite store is opened in beforeAll');
    return store;
  };
  return {
    get store() {
      return current();
    },
    async newHost(overrides: Partial<HostRecord> = {}) {
      const h = host(overrides);
      await current().createHost(h);
      return h;
    },
  };
}
