import type { Cpu } from '../../lib/wire/contract';
import { clampPct, counterDelta, perSecond, round2 } from './counter';

/** Jiffies from one `cpu` line of /proc/stat. guest/guest_nice are already inside user/nice. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface StatSnapshot {
  total: CpuTimes;
  /** Per logical CPU, keyed by its number (offline CPUs are missing from /proc/stat). */
  cores: Map<number, CpuTimes>;
  ctxt: number;
  intr: number;
  /** Boot time, seconds since the epoch. */
  btime: number;
  procsRunning: number;
  procsBlocked: number;
}

function parseTimes(fields: string[]): CpuTimes {
  const n = (i: number) => Number(fields[i] ?? 0) || 0;
  return { user: n(1), nice: n(2), system: n(3), idle: n(4), iowait: n(5), irq: n(6), softirq: n(7), steal: n(8) };
}

export function parseStat(text: string): StatSnapshot {
  const snap: StatSnapshot = {
    total: parseTimes([]),
    cores: new Map(),
    ctxt: 0,
    intr: 0,
    btime: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // The intr line lists every IRQ and can be tens of KB; only its first number is needed.
    const head = text.slice(start, Math.min(end, start + 256));
    start = end + 1;
    const fields = head.split(' ').filter((f) => f !== '');
    const key = fields[0];
    if (key === undefined) continue;
    if (key === 'cpu') snap.total = parseTimes(fields);
    else if (key.startsWith('cpu')) snap.cores.set(Number(key.slice(3)), parseTimes(fields));
    else if (key === 'ctxt') snap.ctxt = Number(fields[1]) || 0;
    else if (key === 'intr') snap.intr = Number(fields[1]) || 0;
    else if (key === 'btime') snap.btime = Number(fields[1]) || 0;
    else if (key === 'procs_running') snap.procsRunning = Number(fields[1]) || 0;
    else if (key === 'procs_blocked') snap.procsBlocked = Number(fields[1]) || 0;
  }
  return snap;
}

export function sumTimes(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}

export interface CpuShares {
  total: number;
  user: number;
  system: number;
  iowait: number;
  steal: number;
  irq: number;
  nice: number;
  idle: number;
}

/**
 * Shares of the interval, like vmstat: busy = everything but idle and iowait.
 * Each delta is clamped at 0 because idle/iowait can step back slightly on
 * tickless kernels.
 */
export function cpuShares(prev: CpuTimes, cur: CpuTimes): CpuShares {
  const d = (k: keyof CpuTimes) => Math.max(0, cur[k] - prev[k]);
  const user = d('user');
  const nice = d('nice');
  const system = d('system');
  const idle = d('idle');
  const iowait = d('iowait');
  const irq = d('irq') + d('softirq');
  const steal = d('steal');
  const all = user + nice + system + idle + iowait + irq + steal;
  if (all === 0) return { total: 0, user: 0, system: 0, iowait: 0, steal: 0, irq: 0, nice: 0, idle: 100 };
  const p = (v: number) => round2(clampPct((v / all) * 100));
  return {
    total: p(all - idle - iowait),
    user: p(user),
    system: p(system),
    iowait: p(iowait),
    steal: p(steal),
    irq: p(irq),
    nice: p(nice),
    idle: p(idle),
  };
}

export function cpuFromStats(
  prev: StatSnapshot,
  cur: StatSnapshot,
  intervalMs: number,
  load: { load1: number; load5: number; load15: number },
): Cpu {
  const cores: number[] = [];
  const ids = [...cur.cores.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const before = prev.cores.get(id);
    const after = cur.cores.get(id)!;
    cores.push(before ? cpuShares(before, after).total : 0);
  }
  return {
    ...cpuShares(prev.total, cur.total),
    cores,
    ...load,
    ctxtPerSec: round2(perSecond(counterDelta(prev.ctxt, cur.ctxt), intervalMs)),
    intrPerSec: round2(perSecond(counterDelta(prev.intr, cur.intr), intervalMs)),
    procsRunning: cur.procsRunning,
    procsBlocked: cur.procsBlocked,
  };
}
