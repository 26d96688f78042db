import { execFileSync, spawn } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleSchema, type Sample } from '@/lib/wire/contract';
import { LinuxSampler } from '@/collector/sampler';
import { buildBundle, bundle } from './sink';

/**
 * The collector against the standard tools on this machine at the same moment.
 * Values that move between two reads are bracketed: the tool's answer must lie
 * between the collector's readings taken just before and just after it.
 */
const meminfo = () => {
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
  return { total: kb('MemTotal'), used: kb('MemTotal') - kb('MemAvailable') };
};
const between = (v: number, a: number, b: number, slack: number) => {
  expect(v).toBeGreaterThanOrEqual(Math.min(a, b) - slack);
  expect(v).toBeLessThanOrEqual(Math.max(a, b) + slack);
};
const sum = (vals: number[]) => vals.reduce((a, b) => a + b, 0);

/** Kernel byte counters from /sys, a different source than the /proc files the collector reads. */
function netBytes(ifaces: string[]): number {
  return sum(ifaces.flatMap((i) => ['rx_bytes', 'tx_bytes'].map((f) => Number(readFileSync(`/sys/class/net/${i}/statistics/${f}`, 'utf8')))));
}
function diskBytes(disks: string[]): number {
  return sum(disks.map((d) => readFileSync(`/sys/block/${d}/stat`, 'utf8').trim().split(/\s+/).map(Number)).map((f) => (f[2]! + f[6]!) * 512));
}

describe.runIf(process.platform === 'linux')('collector accuracy on this machine', () => {
  beforeAll(() => buildBundle());

  it('--once prints one sample that validates against the wire contract', () => {
    const out = execFileSync(process.execPath, [bundle, '--once'], { encoding: 'utf8' });
    const sample = sampleSchema.parse(JSON.parse(out));
    expect(sample.cpu.cores.length).toBe(os.cpus().length);
    expect(sample.filesystems.some((f) => f.mount === '/')).toBe(true);
    expect(sample.processes.top.length).toBeGreaterThan(0);
  });

  it('agrees with free -b, df -B1 and /proc/loadavg', async () => {
    const sampler = new LinuxSampler();
    await sampler.prime();
    const before = meminfo();
    const free = execFileSync('free', ['-b'], { encoding: 'utf8' });
    const after = meminfo();
    const mem = free.split('\n').find((l) => l.startsWith('Mem:'))!.trim().split(/\s+/).map(Number);
    expect(mem[1]).toBe(before.total);
    between(mem[2]!, before.used, after.used, 4 * 1024 * 1024);

    const s1 = (await sampler.sample())!;
    const df = execFileSync('df', ['-B1', '--output=target,size,used,avail', '/'], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/);
    const s2 = (await sampler.sample())!;
    const root = (s: Sample) => s.filesystems.find((f) => f.mount === '/')!;
    expect(root(s1).size).toBe(Number(df[1]));
    between(Number(df[2]), root(s1).used, root(s2).used, 1024 * 1024);
    between(Number(df[3]), root(s1).free, root(s2).free, 1024 * 1024);
    const st = statfsSync('/');
    expect(root(s2).inodesTotal).toBe(st.files);

    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    between(load[0]!, s1.cpu.load1, s2.cpu.load1, 0.011);
  });

  it('agrees with vmstat on CPU % over the same interval, within 2 points', async () => {
    const sampler = new LinuxSampler();
    const vmstat = spawn('vmstat', ['-n', '3', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const rows: number[][] = [];
    let sample: Promise<Sample | null> | undefined;
    let buf = '';
    await new Promise<void>((resolve) => {
      vmstat.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          if (!/^\s*\d/.test(line)) continue;
          rows.push(line.trim().split(/\s+/).map(Number));
          // vmstat's second row covers the 3 s after its first: read at the same two moments.
          if (rows.length === 1) void sampler.prime();
          if (rows.length === 2) sample = sampler.sample();
        }
      });
      vmstat.on('exit', () => resolve());
    });
    const s = (await sample!)!;
    const [us, sy, id, wa, st] = rows[1]!.slice(-5) as [number, number, number, number, number];
    expect(Math.abs(s.cpu.total - (100 - id - wa))).toBeLessThanOrEqual(2);
    expect(Math.abs(s.cpu.user + s.cpu.nice - us)).toBeLessThanOrEqual(2);
    expect(Math.abs(s.cpu.system + s.cpu.irq - sy)).toBeLessThanOrEqual(2);
    expect(Math.abs(s.cpu.iowait - wa)).toBeLessThanOrEqual(2);
    expect(Math.abs(s.cpu.steal - st)).toBeLessThanOrEqual(2);
  });

  it('reports network and disk byte rates that match the kernel counters over its interval', async () => {
    const sampler = new LinuxSampler();
    const probe = (await (async () => {
      await sampler.prime();
      await new Promise((r) => setTimeout(r, 200));
      return (await sampler.sample())!;
    })());
    const ifaces = probe.network.interfaces.map((i) => i.name);
    const disks = probe.disk.devices.map((d) => d.name);
    expect(disks.length).toBeGreaterThan(0);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-acc-'));
    try {
      const outerNet0 = netBytes(ifaces);
      const outerDisk0 = diskBytes(disks);
      await sampler.prime();
      const innerNet0 = netBytes(ifaces);
      const innerDisk0 = diskBytes(disks);
      // Make the disk do something measurable during the interval.
      const fd = openSync(path.join(dir, 'load'), 'w');
      for (let i = 0; i < 16; i++) writeSync(fd, Buffer.alloc(256 * 1024, i));
      fsyncSync(fd);
      closeSync(fd);
      await new Promise((r) => setTimeout(r, 1000));
      const innerNet1 = netBytes(ifaces);
      const innerDisk1 = diskBytes(disks);
      const s = (await sampler.sample())!;
      const outerNet1 = netBytes(ifaces);
      const outerDisk1 = diskBytes(disks);

      const secs = s.intervalMs / 1000;
      const net = (s.network.total.rxBps + s.network.total.txBps) * secs;
      const disk = (s.disk.total.readBps + s.disk.total.writeBps) * secs;
      between(net, innerNet1 - innerNet0, outerNet1 - outerNet0, 1 + 0.01 * net);
      between(disk, innerDisk1 - innerDisk0, outerDisk1 - outerDisk0, 1 + 0.01 * disk);
      expect(disk).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
