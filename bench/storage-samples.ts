import type { Sample } from '@/lib/wire/contract';

/**
 * One host's day of samples for the storage benchmark: values wander the way
 * real ones do (random walks with bursts), at the precision a collector sends
 * (percentages with decimals, rates as floats, byte counts exact). Seeded, so
 * every run stores the same data.
 */
export function* simulatedDay(opts: { start: number; intervalMs: number; count: number; seed?: number; containers?: number }): Generator<Sample> {
  let seed = opts.seed ?? 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const walk = (v: number, step: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v + (rand() - 0.5) * step));
  let cpu = 20, load = 1, mem = 3.2e9, cached = 1.1e9, rx = 2e5, tx = 8e4, rd = 5e4, wr = 3e5, temp = 48, root = 41.3, data = 72.8;
  // Long-running containers (a web tier, workers, a database): each wanders on its own.
  const boxes = Array.from({ length: opts.containers ?? 0 }, (_, c) => ({ c, cpu: 2 + c, mem: 1e8 * (1 + (c % 5)), rx: 1e4, tx: 5e3, rd: 1e3, wr: 4e3 }));
  for (let i = 0; i < opts.count; i++) {
    const burst = rand() < 0.02 ? 40 * rand() : 0;
    cpu = walk(cpu, 8, 1, 95);
    const total = Math.min(100, cpu + burst);
    load = walk(load, 0.2, 0, 8);
    mem = Math.round(walk(mem, 6e7, 1e9, 7e9));
    cached = Math.round(walk(cached, 2e7, 2e8, 2e9));
    rx = walk(rx, 8e4, 0, 5e7) * (1 + burst / 10);
    tx = walk(tx, 4e4, 0, 5e7);
    rd = walk(rd, 4e4, 0, 2e8);
    wr = walk(wr, 1e5, 0, 2e8);
    temp = walk(temp, 0.6, 30, 90);
    root = walk(root, 0.002, 0, 100);
    data = walk(data, 0.004, 0, 100);
    const ts = opts.start + i * opts.intervalMs;
    yield {
      ts,
      intervalMs: opts.intervalMs,
      cpu: {
        total, user: total * 0.6, system: total * 0.3, iowait: total * 0.05, steal: total * 0.01, irq: 0.1, nice: 0, idle: 100 - total,
        cores: [total, total * 0.9, total * 1.1 > 100 ? 100 : total * 1.1, total * 0.5], load1: load, load5: load * 0.9, load15: load * 0.8,
        ctxtPerSec: 5_000 * rand(), intrPerSec: 2_000 * rand(), procsRunning: 2, procsBlocked: 0,
      },
      memory: { total: 8e9, used: mem, available: 8e9 - mem - cached / 2, buffers: 5e7, cached, swapTotal: 2e9, swapUsed: 1.2e8 },
      filesystems: [
        { mount: '/', device: '/dev/vda1', type: 'ext4', size: 1e11, used: root * 1e9, free: (100 - root) * 1e9, usedPct: root, inodesUsed: 1e5, inodesTotal: 6e6 },
        { mount: '/var/lib/data', device: '/dev/vdb1', type: 'xfs', size: 5e11, used: data * 5e9, free: (100 - data) * 5e9, usedPct: data, inodesUsed: 2e5, inodesTotal: 3e7 },
      ],
      disk: {
        total: { readBps: rd, writeBps: wr, readsPerSec: rd / 4096, writesPerSec: wr / 4096, busyPct: Math.min(100, wr / 2e6) },
        devices: [{ name: 'vda', readBps: rd, writeBps: wr, readsPerSec: rd / 4096, writesPerSec: wr / 4096, busyPct: Math.min(100, wr / 2e6) }],
      },
      network: {
        total: { rxBps: rx, txBps: tx, rxPps: rx / 800, txPps: tx / 800, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 },
        interfaces: [{ name: 'eth0', rxBps: rx, txBps: tx, rxPps: rx / 800, txPps: tx / 800, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 }],
      },
      temperatures: [{ label: 'Package id 0', celsius: temp }, { label: 'Core 0', celsius: temp - 3 }],
      ...(boxes.length > 0 && { containers: boxes.map((b) => container(b, walk, opts.start)) }),
      processes: {
        total: 180,
        running: 2,
        top: Array.from({ length: 15 }, (_, p) => ({
          pid: 100 + p, name: `proc-${p}`, user: p % 3 ? 'www-data' : 'root', state: p === 0 ? 'R' : 'S', cpuPct: Math.max(0, total / (p + 2)),
          rss: 5e7 * (15 - p), memPct: (5e7 * (15 - p) * 100) / 8e9, threads: 1 + (p % 8), startedAt: opts.start - 86_400_000, command: `/usr/bin/proc-${p} --serve --port ${8000 + p}`,
        })),
      },
    };
  }
}

type Box = { c: number; cpu: number; mem: number; rx: number; tx: number; rd: number; wr: number };

/** One container's reading, its values moved one step of their walk. */
function container(b: Box, walk: (v: number, step: number, lo: number, hi: number) => number, start: number): NonNullable<Sample['containers']>[number] {
  b.cpu = walk(b.cpu, 3, 0, 100);
  b.mem = Math.round(walk(b.mem, 4e6, 2e7, 2e9));
  b.rx = walk(b.rx, 8e3, 0, 1e7);
  b.tx = walk(b.tx, 4e3, 0, 1e7);
  b.rd = walk(b.rd, 2e3, 0, 1e7);
  b.wr = walk(b.wr, 4e3, 0, 1e7);
  return {
    id: (b.c + 1).toString(16).padStart(12, '0'), name: `app-${b.c}`, image: `registry.example/app-${b.c % 4}:1.${b.c}`, state: 'running', health: b.c % 3 ? 'none' : 'healthy',
    restarts: 0, startedAt: start - 3 * 86_400_000, cpuPct: b.cpu, memUsed: b.mem, memLimit: 4e9, memCache: Math.round(b.mem / 4),
    blkReadBps: b.rd, blkWriteBps: b.wr, netRxBps: b.rx, netTxBps: b.tx, pids: 4 + (b.c % 7),
  };
}
