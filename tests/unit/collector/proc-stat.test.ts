import { describe, expect, it } from 'vitest';
import { cpuFromStats, cpuShares, parseStat } from '@/collector/proc/stat';
import { parseLoadavg } from '@/collector/proc/loadavg';
import { parseMeminfo } from '@/collector/proc/meminfo';
import { fixture } from './fixtures';

describe('/proc/stat', () => {
  const a = parseStat(fixture('stat-1.txt'));
  const b = parseStat(fixture('stat-2.txt'));

  it('reads the machine line, every core and the counters', () => {
    expect(a.total).toEqual({ user: 1000, nice: 100, system: 500, idle: 8000, iowait: 200, irq: 50, softirq: 50, steal: 100 });
    expect([...a.cores.keys()]).toEqual([0, 1]);
    expect(a).toMatchObject({ ctxt: 500000, intr: 100000, btime: 1700000000, procsRunning: 3, procsBlocked: 1 });
  });

  it('computes shares over the interval like vmstat (busy excludes idle and iowait)', () => {
    expect(cpuShares(a.total, b.total)).toEqual({ total: 45, user: 30, system: 10, iowait: 5, steal: 0, irq: 5, nice: 0, idle: 50 });
  });

  it('clamps a counter that stepped back and reports each core', () => {
    const cpu = cpuFromStats(a, b, 2000, parseLoadavg(fixture('loadavg.txt')));
    expect(cpu.cores).toEqual([2, 90]);
    expect(cpu.ctxtPerSec).toBe(500);
    expect(cpu.intrPerSec).toBe(1000);
    expect(cpu).toMatchObject({ load1: 0.52, load5: 1.25, load15: 2, procsRunning: 2, procsBlocked: 0 });
  });

  it('reports a core that came online only from its second read', () => {
    const withoutCore1 = parseStat(fixture('stat-1.txt').replace(/^cpu1 .*\n/m, ''));
    expect(cpuFromStats(withoutCore1, b, 1000, { load1: 0, load5: 0, load15: 0 }).cores).toEqual([2, 0]);
  });

  it('gives 100% idle when no time passed', () => {
    expect(cpuShares(a.total, a.total)).toMatchObject({ total: 0, idle: 100 });
  });
});

describe('/proc/meminfo', () => {
  it('uses free(1) definitions: used = total - available, cache = Cached + SReclaimable', () => {
    expect(parseMeminfo(fixture('meminfo.txt'))).toEqual({
      total: 8_000_000 * 1024,
      used: 3_000_000 * 1024,
      available: 5_000_000 * 1024,
      buffers: 200_000 * 1024,
      cached: 3_300_000 * 1024,
      swapTotal: 2_000_000 * 1024,
      swapUsed: 500_000 * 1024,
    });
  });

  it('estimates available on kernels without MemAvailable', () => {
    const m = parseMeminfo(fixture('meminfo-no-available.txt'));
    expect(m.available).toBe(4_200_000 * 1024);
    expect(m.used).toBe(3_800_000 * 1024);
  });
});

describe('/proc/loadavg', () => {
  it('reads the three averages and tolerates garbage', () => {
    expect(parseLoadavg(fixture('loadavg.txt'))).toEqual({ load1: 0.52, load5: 1.25, load15: 2 });
    expect(parseLoadavg('')).toEqual({ load1: 0, load5: 0, load15: 0 });
  });
});
