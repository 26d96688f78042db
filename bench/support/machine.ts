import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * How busy the shared machine is around a measurement: the load averages
 * (what `uptime` prints), and while a run lasts the CPU that processes other
 * than this benchmark's own (this process, its servers and their children)
 * took — the noise the alternating runs are there to cancel.
 */

export interface Load {
  load1: number;
  load5: number;
  load15: number;
}

export function loadAverage(): Load {
  const [load1, load5, load15] = os.loadavg().map((n) => Math.round(n * 100) / 100) as [number, number, number];
  return { load1, load5, load15 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (up to `maxWaitMs`) for the 1-minute load to fall below `below`; measures anyway after that, and
 * says so. Only between parts: during alternating rounds the benchmark's own runs keep the load up.
 */
export async function waitForQuiet(label: string, below = 1.5, maxWaitMs = Number(process.env.BENCH_QUIET_WAIT_S ?? 90) * 1000): Promise<Load & { waitedS: number }> {
  const started = Date.now();
  let load = loadAverage();
  while (load.load1 >= below && Date.now() - started < maxWaitMs) {
    console.error(`[${label}] load ${load.load1} ≥ ${below}: waiting`);
    await sleep(10_000);
    load = loadAverage();
  }
  if (load.load1 >= below) console.error(`[${label}] load still ${load.load1} after ${Math.round(maxWaitMs / 1000)} s: measuring anyway`);
  return { ...load, waitedS: Math.round((Date.now() - started) / 1000) };
}

const TICK = 100; // USER_HZ on Linux

function machineBusyTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
  return f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3]! - f[4]!;
}

/** CPU ticks of the given processes and all their descendants. */
function treeTicks(roots: readonly number[]): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const rest = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      parent.set(Number(name), Number(rest[1]));
      ticks.set(Number(name), Number(rest[11]) + Number(rest[12]));
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (mine.has(pid) || !mine.has(ppid)) continue;
      mine.add(pid);
      grew = true;
    }
  }
  let sum = 0;
  for (const pid of mine) sum += ticks.get(pid) ?? 0;
  return sum;
}

export interface CpuWindow {
  /** CPU % (100 = one core) other processes used meanwhile, out of os.cpus().length × 100. */
  stop(): { othersCpuPct: number; oursCpuPct: number };
}

/** Starts counting; `pids` are this benchmark's servers (this process is always counted as ours). */
export function cpuWindow(pids: readonly number[]): CpuWindow {
  const roots = [process.pid, ...pids];
  const t0 = performance.now();
  const busy0 = machineBusyTicks();
  const ours0 = treeTicks(roots);
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const busy = machineBusyTicks() - busy0;
      const ours = treeTicks(roots) - ours0;
      const pct = (t: number) => Math.max(0, Math.round((t / TICK / seconds) * 100));
      return { othersCpuPct: pct(busy - ours), oursCpuPct: pct(ours) };
    },
  };
}
