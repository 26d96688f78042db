import type { Batch, Battery, Container, Drive, Fan, Gpu, Sample, Service, SystemInfo } from '@/lib/wire/contract';

/**
 * Valid wire-contract samples for tests and benchmarks: deterministic for a
 * given (ts, seed), shaped like a small real server (2 cores, 2 filesystems,
 * a few processes). Override anything through the spread.
 */
export function makeSample(ts: number, seed = 0, overrides: Partial<Sample> = {}): Sample {
  const wave = (k: number) => (Math.sin(ts / 60_000 + seed + k) + 1) / 2; // 0..1
  const cpu = Math.round(wave(0) * 900) / 10;
  return {
    ts,
    intervalMs: 5_000,
    cpu: {
      total: cpu,
      user: cpu * 0.7,
      system: cpu * 0.2,
      iowait: cpu * 0.05,
      steal: 0,
      irq: 0.1,
      nice: 0,
      idle: 100 - cpu,
      cores: [cpu, cpu / 2],
      load1: wave(1) * 2,
      load5: wave(2) * 2,
      load15: wave(3) * 2,
      ctxtPerSec: 1200,
      intrPerSec: 800,
      procsRunning: 2,
      procsBlocked: 0,
    },
    memory: {
      total: 4_000_000_000,
      used: 1_000_000_000 + Math.round(wave(4) * 1e9),
      available: 2_500_000_000,
      buffers: 50_000_000,
      cached: 400_000_000,
      swapTotal: 1_000_000_000,
      swapUsed: 10_000_000,
    },
    filesystems: [
      { mount: '/', device: '/dev/sda1', type: 'ext4', size: 50e9, used: 20e9, free: 30e9, usedPct: 40, inodesUsed: 1e5, inodesTotal: 1e6 },
      { mount: '/var', device: '/dev/sda2', type: 'ext4', size: 20e9, used: 15e9, free: 5e9, usedPct: 75, inodesUsed: 2e4, inodesTotal: 1e6 },
    ],
    disk: {
      total: { readBps: 1000 * wave(5), writeBps: 5000 * wave(6), readsPerSec: 2, writesPerSec: 5, busyPct: 3 },
      devices: [{ name: 'sda', readBps: 1000 * wave(5), writeBps: 5000 * wave(6), readsPerSec: 2, writesPerSec: 5, busyPct: 3 }],
    },
    network: {
      total: { rxBps: 20_000 * wave(7), txBps: 8_000 * wave(8), rxPps: 30, txPps: 20, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 },
      interfaces: [
        { name: 'eth0', rxBps: 20_000 * wave(7), txBps: 8_000 * wave(8), rxPps: 30, txPps: 20, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 },
      ],
    },
    temperatures: [{ label: 'Package id 0', celsius: 40 + wave(9) * 20 }],
    processes: {
      total: 120,
      running: 2,
      top: [
        { pid: 1, name: 'systemd', user: 'root', state: 'S', cpuPct: 0.1, rss: 12e6, memPct: 0.3, threads: 1, startedAt: 1_700_000_000_000, command: '/sbin/init' },
        { pid: 812, name: 'node', user: 'app', state: 'R', cpuPct: cpu / 2, rss: 300e6, memPct: 7.5, threads: 11, startedAt: 1_700_000_100_000, command: 'node server.js' },
        { pid: 950, name: 'postgres', user: 'postgres', state: 'S', cpuPct: cpu / 4, rss: 200e6, memPct: 5, threads: 1, startedAt: 1_700_000_050_000, command: 'postgres: writer' },
      ],
    },
    ...overrides,
  };
}

export function makeSystem(hostname = 'test-host'): SystemInfo {
  return {
    hostname,
    os: 'Ubuntu',
    osVersion: '24.04',
    kernel: '6.8.0',
    arch: 'x64',
    cpuModel: 'Test CPU',
    cores: 2,
    threads: 2,
    memoryTotal: 4_000_000_000,
    bootTime: 1_700_000_000_000,
    virtualization: 'kvm',
    collectorVersion: '0.1.0',
  };
}

/** A batch of `count` samples `stepMs` apart ending at `lastTs`. */
export function makeBatch(lastTs: number, count = 1, stepMs = 5_000, seed = 0): Batch {
  const samples = Array.from({ length: count }, (_, i) => makeSample(lastTs - (count - 1 - i) * stepMs, seed));
  return { v: 1, samples, counters: { spooled: 0, dropped: 0 } };
}

/** A running container as the collector reports one (usage from its cgroup and network namespace). */
export function makeContainer(name: string, overrides: Partial<Container> = {}): Container {
  return {
    id: 'c0ffee'.padEnd(64, '0'),
    name,
    image: 'docker.io/library/nginx:1.27',
    state: 'running',
    health: 'healthy',
    restarts: 0,
    startedAt: 1_764_000_000_000,
    cpuPct: 12.5,
    memUsed: 64 * 1024 * 1024,
    memLimit: 512 * 1024 * 1024,
    memCache: 8 * 1024 * 1024,
    blkReadBps: 1_000,
    blkWriteBps: 2_000,
    netRxBps: 3_000,
    netTxBps: 4_000,
    pids: 5,
    ...overrides,
  };
}

/** A running systemd service as the collector reports one (usage from its cgroup). */
export function makeService(name: string, overrides: Partial<Service> = {}): Service {
  return { name, state: 'active', subState: 'running', restarts: 0, cpuPct: 3.5, memUsed: 48 * 1024 * 1024, ...overrides };
}

/** A host's devices as the collector reports them (lib/wire/hardware.ts): one GPU, one drive, one fan, one battery. */
export function makeDevices(overrides: { gpu?: Partial<Gpu>; drive?: Partial<Drive>; fan?: Partial<Fan>; battery?: Partial<Battery> } = {}): Pick<Sample, 'gpus' | 'drives' | 'fans' | 'batteries'> {
  return {
    gpus: [{ id: 'nvidia0', vendor: 'nvidia', name: 'NVIDIA GeForce RTX 3090', utilPct: 87, memUsed: 18 * 1024 ** 3, memTotal: 24 * 1024 ** 3, celsius: 71, powerW: 312.5, coreMhz: 1890, memMhz: 9751, ...overrides.gpu }],
    drives: [{ device: 'sda', model: 'WDC WD40EFRX', source: 'smart', health: 'passed', celsius: 36, powerOnHours: 33987, reallocated: 0, pending: 0, checkedAt: 1_764_000_000_000, ...overrides.drive }],
    fans: [{ label: 'nct6775/fan1', rpm: 1180, ...overrides.fan }],
    batteries: [{ name: 'BAT0', capacityPct: 64, status: 'discharging', energyWh: 32, energyFullWh: 50, powerW: 8, cycles: 312, healthPct: 87.7, secondsLeft: 14400, ...overrides.battery }],
  };
}
