import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCgroup } from '@/collector/containers/cgroup-read';
import { ContainerReader, SLOW_PARTS_MS } from '@/collector/containers/reader';
import { ContainerWatcher } from '@/collector/containers/watcher';
import { createLogger } from '@/collector/log';
import { LinuxSampler } from '@/collector/sampler';
import { DAY, HOUR } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Container } from '@/lib/wire/contract';
import { containerSchema } from '@/lib/wire/contract';
import { podmanStats, startPodman, type Podman } from '@/tests/support/podman';
import { buildBundle, bundle } from '../collector/sink';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The collector's container reader against a real engine: Podman's
 * Docker-compatible API on a private socket, containers run with runc on
 * this machine's cgroup layout. Every comparison is between readings taken
 * at the same moments (the reader's and the cgroup file's or podman's), so
 * the machine's load changes the numbers but not the agreement.
 */
const MIB = 1024 * 1024;
const FILL = 96 * MIB;
const CPUS = 2;

/** The test's own reading of a container's cgroup, found from its init pid without the collector's code. */
function cgroupDir(pid: number, controller: string): { dir: string; v2: boolean } {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  const v1 = lines.find((l) => l.split(':')[1]!.split(',').includes(controller));
  if (v1 && existsSync(`/sys/fs/cgroup/${controller}`)) return { dir: `/sys/fs/cgroup/${controller}${v1.split(':')[2]}`, v2: false };
  const v2 = lines.find((l) => l.startsWith('0::'))!;
  const root = existsSync('/sys/fs/cgroup/unified') ? '/sys/fs/cgroup/unified' : '/sys/fs/cgroup';
  return { dir: `${root}${v2.slice(3)}`, v2: true };
}

function cgroupCpuNs(pid: number): number {
  const { dir, v2 } = cgroupDir(pid, 'cpuacct');
  if (!v2) return Number(readFileSync(`${dir}/cpuacct.usage`, 'utf8'));
  return Number(/usage_usec (\d+)/.exec(readFileSync(`${dir}/cpu.stat`, 'utf8'))![1]) * 1000;
}

function cgroupMemUsed(pid: number): number {
  const { dir, v2 } = cgroupDir(pid, 'memory');
  const usage = Number(readFileSync(`${dir}/${v2 ? 'memory.current' : 'memory.usage_in_bytes'}`, 'utf8'));
  const inactive = Number(new RegExp(`^${v2 ? '' : 'total_'}inactive_file (\\d+)`, 'm').exec(readFileSync(`${dir}/memory.stat`, 'utf8'))![1]);
  return usage - inactive;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const byName = (list: Container[] | undefined, name: string) => {
  const c = list?.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${JSON.stringify(list?.map((x) => x.name))}`);
  return c;
};

describe('container reader on real Podman', () => {
  let p: Podman;
  let watcher: ContainerWatcher;
  let reader: ContainerReader;
  const suffix = Math.random().toString(36).slice(2, 8);
  const burn = `burn-${suffix}`;
  const mem = `mem-${suffix}`;
  let burnPid = 0;
  let memPid = 0;

  beforeAll(async () => {
    p = await startPodman();
    await p.runContainer(burn, 'while :; do :; done');
    await p.runContainer(mem, `head -c ${FILL} /dev/zero > /dev/shm/fill; exec sleep 100000`, ['--shm-size', '256m']);
    burnPid = await p.pidOf(burn);
    memPid = await p.pidOf(mem);
    watcher = new ContainerWatcher({ socketPath: p.socket, log: createLogger('error') });
    watcher.start();
    await watcher.settled();
    // Every sample a full reading: these check one reading's figures against the cgroup's (the 2 s cadence has its unit test).
    reader = new ContainerReader(watcher, { readEveryMs: 0 });
  });

  afterAll(async () => {
    watcher?.stop();
    await p?.stop();
  });

  it('lists both containers with name, image, state and a valid wire shape', () => {
    const list = reader.sample(1000, CPUS)!;
    for (const name of [burn, mem]) {
      const c = byName(list, name);
      expect(c).toMatchObject({ state: 'running', health: 'none', restarts: 0, image: 'localhost/hostwatch-busybox:test' });
      expect(c.startedAt).toBeGreaterThan(0);
      expect(containerSchema.safeParse(c).success).toBe(true);
    }
  });

  it('reports the burner CPU within 10 % of its cgroup over the same interval', async () => {
    const cg0 = cgroupCpuNs(burnPid);
    const t0 = performance.now();
    reader.sample(1000, CPUS);
    // Let the burner run until its cgroup shows 300 ms more CPU: a condition, not a clock.
    await until('300 ms of burner CPU', () => cgroupCpuNs(burnPid) - cg0 >= 300e6, 1600);
    const cg1 = cgroupCpuNs(burnPid);
    const t1 = performance.now();
    const c = byName(reader.sample(t1 - t0, CPUS), burn);
    const expected = ((cg1 - cg0) / ((t1 - t0) * 1e6 * CPUS)) * 100;
    expect(c.cpuPct).toBeGreaterThan(0);
    expect(Math.abs(c.cpuPct - expected)).toBeLessThanOrEqual(expected * 0.1);
  });

  it('agrees with podman stats on CPU time and pids, read between two of its own readings', async () => {
    const files = reader.filesOf((await p.podman(['inspect', '--format', '{{.Id}}', burn])).trim())!;
    expect(files).not.toBeNull();
    const before = readCgroup(files);
    const stats = await podmanStats(p, burn);
    const after = readCgroup(files);
    // podman read the same counter at a moment between ours (its text keeps ns precision).
    expect(stats.cpuTimeNs).toBeGreaterThanOrEqual(before.cpuNs * 0.9);
    expect(stats.cpuTimeNs).toBeLessThanOrEqual(after.cpuNs * 1.1);
    expect(after.cpuNs - before.cpuNs).toBeGreaterThan(0);
    expect(stats.pids).toBe(after.pids);
    expect(byName(reader.sample(1000, CPUS), burn).pids).toBe(stats.pids);
  });

  it('reports the allocator memory within 10 % of its cgroup and of podman stats', async () => {
    await until('the allocator to fill its memory', () => cgroupMemUsed(memPid) >= FILL);
    const cg = cgroupMemUsed(memPid);
    // memory.stat (the cache figures) is re-read every SLOW_PARTS_MS of readings: at most that many 1 s readings show it.
    let c = byName(reader.sample(1000, CPUS), mem);
    for (let i = 0; i < SLOW_PARTS_MS / 1000 && c.memCache < FILL * 0.9; i++) c = byName(reader.sample(1000, CPUS), mem);
    const stats = await podmanStats(p, mem);
    expect(c.memUsed).toBeGreaterThanOrEqual(FILL);
    expect(Math.abs(c.memUsed - cg)).toBeLessThanOrEqual(cg * 0.1);
    expect(Math.abs(c.memUsed - stats.memUsage)).toBeLessThanOrEqual(stats.memUsage * 0.1);
    // The filled /dev/shm is page cache charged to the container; no limit was set.
    expect(c.memCache).toBeGreaterThanOrEqual(FILL * 0.9);
    expect(c.memLimit).toBe(0);
  });

  it('the bundled collector follows the socket it is given: --once prints the containers with their usage', async () => {
    buildBundle();
    const once = async (socket: string) => {
      const { stdout } = await promisify(execFile)(process.execPath, [bundle, '--once', '--container-socket', socket], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } });
      return JSON.parse(stdout) as { containers?: Container[] };
    };
    await until('the allocator to fill its memory', () => cgroupMemUsed(memPid) >= FILL);
    const sample = await once(p.socket);
    expect(byName(sample.containers, burn).state).toBe('running');
    // Memory is a level, not a rate: the allocator's 96 MiB shows in the one sample --once takes.
    expect(byName(sample.containers, mem).memUsed).toBeGreaterThanOrEqual(FILL);
    // Switched off, the sample has no containers at all.
    expect((await once('off')).containers).toBeUndefined();
  });

  it('shows a stopped container as exited in the very next sample, and the store keeps its history', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-ctr-store-'));
    const store = createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY });
    try {
      const hostId = `ctr-${suffix}`;
      await store.createHost({ id: hostId, name: hostId, tags: [], tokenHash: 'f'.repeat(64), disabled: false, createdAt: Date.now() });
      // The collector's own sampler, driven step by step: each call is one sample.
      const sampler = new LinuxSampler({ containers: new ContainerReader(watcher) });
      await sampler.prime();
      const step = async () => {
        const s = (await sampler.sample())!;
        await store.ingest(hostId, { samples: [s], counters: { spooled: 0, dropped: 0 } }, s.ts);
        return s;
      };
      const running = await step();
      expect(byName(running.containers, burn).state).toBe('running');
      await p.podman(['stop', '--time', '0', burn]);
      const stopped = await step();
      expect(byName(stopped.containers, burn)).toMatchObject({ state: 'exited', cpuPct: 0 });
      expect(byName(stopped.containers, mem).state).toBe('running');

      const now = stopped.ts;
      expect(byName((await store.getHostState(hostId))?.latest.containers, burn).state).toBe('exited');
      const rows = await store.readSeries(hostId, 'raw', [`ctr.cpu:${burn}`, `ctr.mem:${mem}`], now - HOUR, now, now);
      // The running sample's CPU is in history; the stopped one adds none for it, and the other container goes on.
      expect(rows.map((r) => r.values[`ctr.cpu:${burn}`] !== undefined)).toEqual([true, false]);
      expect(rows.every((r) => (r.values[`ctr.mem:${mem}`]?.avg ?? 0) >= FILL)).toBe(true);
      expect(await store.listSeriesNames(hostId)).toContain(`ctr.cpu:${burn}`);
      // The engine's event then says the same, and the container stays listed.
      await until('the engine to report the stop', () => watcher.containers().find((x) => x.name === burn)?.state === 'exited');
      expect(byName((await step()).containers, burn).state).toBe('exited');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
