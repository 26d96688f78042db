import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinuxSampler } from '@/collector/sampler';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A miniature /proc: two cores at 100 Hz (200 machine ticks a second) and one process. */
function fakeProc() {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-scan-'));
  const proc = path.join(dir, 'proc');
  mkdirSync(path.join(proc, '42'), { recursive: true });
  writeFileSync(path.join(proc, '42', 'status'), 'Name:\tworker\nUid:\t0\t0\t0\t0\n');
  writeFileSync(path.join(proc, '42', 'cmdline'), 'worker\0');
  return (seconds: number, processTicks: number) => {
    const idle = seconds * 200;
    writeFileSync(path.join(proc, 'uptime'), `${1000 + seconds}.00 0.00\n`);
    writeFileSync(path.join(proc, '42', 'stat'), `42 (worker) S 1 42 42 0 -1 0 0 0 0 0 ${processTicks} 0 0 0 20 0 1 0 10 1000 100 0\n`);
    // Busy ticks are the process's: the machine total grows by 200 a second either way.
    writeFileSync(path.join(proc, 'stat'), `cpu  ${processTicks} 0 0 ${idle - processTicks} 0 0 0 0 0 0\nbtime 1700000000\n`);
  };
}

/** A primed sampler over the fake /proc; `sampleAt(t, ticks)` takes the sample at t seconds with the process at `ticks`. */
async function primedSampler() {
  const at = fakeProc();
  let now = 0;
  const sampler = new LinuxSampler({ procRoot: path.join(dir, 'proc'), sysRoot: path.join(dir, 'sys'), clock: () => now });
  at(0, 0);
  await sampler.prime();
  const sampleAt = async (t: number, ticks: number) => {
    now = t * 1000;
    at(t, ticks);
    return (await sampler.sample())!;
  };
  return { sampler, sampleAt };
}

describe('LinuxSampler process scans', () => {
  it('at 1 s sampling scans the process table every other sample; CPU % covers the scan window', async () => {
    const { sampleAt } = await primedSampler();
    const cpuOf = async (t: number, ticks: number) => (await sampleAt(t, ticks)).processes.top.find((p) => p.pid === 42)!.cpuPct;
    expect(await cpuOf(1, 50)).toBe(25); // the first sample scans: 50 of 200 ticks
    expect(await cpuOf(2, 200)).toBe(25); // not scanned: repeats the last scan
    expect(await cpuOf(3, 200)).toBe(37.5); // scanned over 2 s: 150 of 400 ticks
    expect(await cpuOf(4, 200)).toBe(37.5);
    expect(await cpuOf(5, 240)).toBe(10); // 40 of 400
  });

  it('at the default 5 s scans every 10 s, over the 10 s window, and a new watch list scans at once', async () => {
    const { sampler, sampleAt } = await primedSampler();
    const cpuOf = async (t: number, ticks: number) => (await sampleAt(t, ticks)).processes.top[0]!.cpuPct;
    expect(await cpuOf(5, 100)).toBe(10); // the first sample scans: 100 of 1000 ticks
    expect(await cpuOf(10, 300)).toBe(10); // not scanned: repeats the last scan
    expect(await cpuOf(15, 500)).toBe(20); // scanned over 10 s: 400 of 2000 ticks
    sampler.setWatch(['worker']);
    const s = await sampleAt(20, 600);
    // Scanned at once for the new patterns, 5 s after the last scan: 100 of 1000 ticks.
    expect(s.processes.watched).toEqual([{ pattern: 'worker', count: 1 }]);
    expect(s.processes.top[0]!.cpuPct).toBe(10);
  });

  it('scans every sample at intervals of 10 s and more', async () => {
    const { sampleAt } = await primedSampler();
    const seen: number[] = [];
    for (const [t, ticks] of [[10, 200], [20, 600], [30, 600], [40, 2000]] as const) {
      seen.push((await sampleAt(t, ticks)).processes.top[0]!.cpuPct);
    }
    expect(seen).toEqual([10, 20, 0, 70]);
  });
});
