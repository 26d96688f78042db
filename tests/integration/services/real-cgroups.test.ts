import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCgroupMounts, type CgroupMounts } from '@/collector/containers/cgroup-layout';
import { createLogger } from '@/collector/log';
import { ServiceReader } from '@/collector/services/reader';
import { SystemdWatcher } from '@/collector/services/systemd-watcher';
import { type ServiceCgroups } from '@/collector/services/unit-cgroup';
import { LinuxSampler } from '@/collector/sampler';
import { sampleSchema, serviceSchema } from '@/lib/wire/contract';
import { DbusStandin, unitRow } from '@/tests/support/dbus-standin';

/**
 * Services on this machine's real cgroups. It has no systemd, so the test
 * makes what systemd would: `<root>/system.slice/<unit>.service` directories
 * in the v1 cpuacct and memory hierarchies and in the cgroup2 tree at
 * /sys/fs/cgroup/unified (the hybrid layout), and moves processes it starts
 * into them (it runs as root). Readings are compared with the test's own
 * reads of the same files taken around the reader's, so load on the machine
 * moves the numbers but not the agreement.
 */
const MIB = 1024 * 1024;
const CPUS = 2;
const ROOT = `/hw-svc-test-${process.pid}`;
const SLICE = `${ROOT}/system.slice`;

let mounts: CgroupMounts;
const made: string[] = [];
const children: ChildProcess[] = [];
let dir = '';

function cgDir(tree: string, unit: string): string {
  const d = `${tree}${SLICE}/${unit}.service`;
  mkdirSync(d, { recursive: true });
  made.push(d);
  return d;
}

function moveInto(pid: number, dirs: string[]): void {
  for (const d of dirs) writeFileSync(`${d}/cgroup.procs`, String(pid));
}

const v1Usage = (unit: string) => Number(readFileSync(`${mounts.v1.cpuacct}${SLICE}/${unit}.service/cpuacct.usage`, 'utf8'));
const v2UsageNs = (unit: string) => Number(/usage_usec (\d+)/.exec(readFileSync(`${mounts.v2}${SLICE}/${unit}.service/cpu.stat`, 'utf8'))![1]) * 1000;
function v1Mem(unit: string): number {
  const d = `${mounts.v1.memory}${SLICE}/${unit}.service`;
  const inactive = Number(/^total_inactive_file (\d+)$/m.exec(readFileSync(`${d}/memory.stat`, 'utf8'))![1]);
  return Number(readFileSync(`${d}/memory.usage_in_bytes`, 'utf8')) - inactive;
}

function start(code: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(c);
  return new Promise((resolve, reject) => {
    c.once('spawn', () => resolve(c));
    c.once('error', reject);
  });
}

const line = (c: ChildProcess) => new Promise<void>((r) => c.stdout!.once('data', () => r()));
/** Until a CPU counter has grown by `ns` (the burner has run): a condition, not a length of time. */
async function grows(read: () => number, ns: number): Promise<void> {
  const from = read();
  for (let i = 0; i < 1000 && read() - from < ns; i++) await new Promise((r) => setTimeout(r, 5));
  if (read() - from < ns) throw new Error('the burner did not run');
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

beforeAll(async () => {
  mounts = readCgroupMounts();
  // This machine's layout; fail loudly if it is not there rather than test nothing.
  if (!mounts.v2 || !mounts.v1.cpuacct || !mounts.v1.memory) throw new Error(`services test needs the hybrid cgroup layout (v1 cpuacct and memory, cgroup2 tree); found ${JSON.stringify(mounts)}`);
  const v1 = (unit: string) => [cgDir(mounts.v1.cpuacct!, unit), cgDir(mounts.v1.memory!, unit)];
  // burn and hold: accounting on (v1 directories); v2only: only the unified tree; idle: an empty cgroup.
  const burnDirs = [...v1('burn'), cgDir(mounts.v2, 'burn')];
  const holdDirs = [...v1('hold'), cgDir(mounts.v2, 'hold')];
  const v2Dirs = [cgDir(mounts.v2, 'v2only')];
  cgDir(mounts.v2, 'idle');
  const burn = await start('process.stdin.once("data", () => { for (;;) {} })');
  moveInto(burn.pid!, burnDirs);
  burn.stdin!.write('go\n');
  // v1 memory charges pages to the cgroup they are touched in: allocate only after the move.
  const hold = await start('process.stdin.once("data", () => { globalThis.b = Buffer.alloc(64 << 20, 1); console.log("ready"); setInterval(() => {}, 1e6); })');
  moveInto(hold.pid!, holdDirs);
  const ready = line(hold);
  hold.stdin!.write('go\n');
  await ready;
  const spin = await start('process.stdin.once("data", () => { for (;;) {} })');
  moveInto(spin.pid!, v2Dirs);
  spin.stdin!.write('go\n');
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-svc-'));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  // Deepest first: unit directories, then the slice and the root in each tree.
  const trees = [mounts.v1.cpuacct, mounts.v1.memory, mounts.v2].filter((t): t is string => !!t);
  for (const d of made.reverse()) if (existsSync(d)) rmdirSync(d);
  for (const t of trees) for (const d of [`${t}${SLICE}`, `${t}${ROOT}`]) if (existsSync(d)) rmdirSync(d);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cgroups = (): ServiceCgroups => ({ mounts, systemdV1: null, slice: SLICE });

describe('services from real cgroups (no D-Bus)', () => {
  it('lists the slice, running while populated, with CPU and memory from the v1 controllers or the v2 tree', async () => {
    let now = 0;
    const reader = new ServiceReader(cgroups(), null, () => now);
    expect(reader.source).toBe('cgroup');
    const before = { burn: v1Usage('burn'), v2: v2UsageNs('v2only') };
    reader.sample(1000, CPUS);
    const afterFirst = { burn: v1Usage('burn'), v2: v2UsageNs('v2only') };
    await grows(() => v1Usage('burn'), 50e6);
    await grows(() => v2UsageNs('v2only'), 50e6);
    const beforeSecond = { burn: v1Usage('burn'), v2: v2UsageNs('v2only') };
    now += 1000;
    const list = reader.sample(1000, CPUS)!;
    const after = { burn: v1Usage('burn'), v2: v2UsageNs('v2only') };
    for (const s of list) expect(serviceSchema.safeParse(s).success).toBe(true);
    const by = Object.fromEntries(list.map((s) => [s.name, s]));
    expect(Object.keys(by).sort()).toEqual(['burn', 'hold', 'idle', 'v2only']);
    expect(by.idle).toMatchObject({ state: 'inactive', subState: 'dead', cpuPct: 0, memUsed: 0 });
    expect(by.burn).toMatchObject({ state: 'active', subState: 'running' });
    // The reader's CPU delta lies between the test's inner and outer readings of the same counter.
    const pct = (ns: number) => (ns / (1000 * 1e6 * CPUS)) * 100;
    expect(by.burn!.cpuPct).toBeGreaterThanOrEqual(Math.floor(pct(beforeSecond.burn - afterFirst.burn) * 100) / 100);
    expect(by.burn!.cpuPct).toBeLessThanOrEqual(Math.ceil(Math.min(100, pct(after.burn - before.burn)) * 100) / 100);
    expect(by.burn!.cpuPct).toBeGreaterThan(0);
    expect(by.v2only!.cpuPct).toBeGreaterThanOrEqual(Math.floor(pct(beforeSecond.v2 - afterFirst.v2) * 100) / 100);
    expect(by.v2only!.cpuPct).toBeLessThanOrEqual(Math.ceil(Math.min(100, pct(after.v2 - before.v2)) * 100) / 100);
    // The hybrid v2 tree has no memory controller: no v1 memory directory, no memory figure.
    expect(by.v2only!.memUsed).toBe(0);
    const mem = v1Mem('hold');
    expect(mem).toBeGreaterThan(64 * MIB);
    expect(Math.abs(by.hold!.memUsed - mem)).toBeLessThanOrEqual(mem * 0.02);
  });

  it('shows a service stopped in the next sample once its cgroup is empty', async () => {
    let now = 0;
    const reader = new ServiceReader(cgroups(), null, () => now);
    expect(reader.sample(1000, CPUS)!.find((s) => s.name === 'v2only')?.state).toBe('active');
    const spin = children[2]!;
    spin.kill('SIGKILL');
    await exited(spin);
    // The kernel updates cgroup.events when the last task is gone; wait for it rather than for time.
    for (let i = 0; i < 200 && /populated 1/.test(readFileSync(`${mounts.v2}${SLICE}/v2only.service/cgroup.events`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 10));
    now += 1000;
    expect(reader.sample(1000, CPUS)!.find((s) => s.name === 'v2only')).toMatchObject({ state: 'inactive', cpuPct: 0 });
  });
});

describe('services in the sampler', () => {
  it("puts the reader's services in every sample, valid against the wire contract", async () => {
    const sampler = new LinuxSampler({ services: new ServiceReader(cgroups(), null) });
    await sampler.prime();
    await grows(() => v1Usage('burn'), 20e6);
    const s = (await sampler.sample())!;
    expect(sampleSchema.safeParse(s).success).toBe(true);
    expect(s.services?.map((v) => v.name).sort()).toEqual(['burn', 'hold', 'idle', 'v2only']);
    expect(s.services?.find((v) => v.name === 'burn')?.cpuPct).toBeGreaterThan(0);
  });
});

describe('services from systemd over D-Bus, usage from real cgroups', () => {
  it('takes state and restarts from the bus and usage from the cgroup; falls back to the cgroup tree when the bus goes away', async () => {
    const bus = new DbusStandin(path.join(dir, 'bus.sock'), {
      units: [unitRow('hold.service', 'loaded', 'active', 'running'), unitRow('idle.service', 'loaded', 'failed', 'failed'), unitRow('burn.service', 'loaded', 'active', 'running')],
      restarts: { 'idle.service': 4 },
    });
    await bus.start();
    const watcher = new SystemdWatcher({ socketPath: bus.path, log: createLogger('error'), retryMs: () => 60_000 });
    try {
      watcher.start();
      await watcher.settled();
      const reader = new ServiceReader(cgroups(), watcher);
      expect(reader.source).toBe('bus');
      reader.sample(1000, CPUS);
      await grows(() => v1Usage('burn'), 50e6);
      const list = reader.sample(1000, CPUS)!;
      expect(list.map((s) => [s.name, s.state, s.restarts])).toEqual([
        ['idle', 'failed', 4],
        ['burn', 'active', 0],
        ['hold', 'active', 0],
      ]);
      expect(list.find((s) => s.name === 'hold')!.memUsed).toBeGreaterThan(64 * MIB);
      expect(list.find((s) => s.name === 'burn')!.cpuPct).toBeGreaterThan(0);
      const calls = bus.calls.length;
      for (let i = 0; i < 5; i++) reader.sample(1000, CPUS);
      expect(bus.calls.length).toBe(calls);
      bus.dropClients();
      for (let i = 0; i < 200 && watcher.ready; i++) await new Promise((r) => setTimeout(r, 10));
      expect(reader.source).toBe('cgroup');
      expect(reader.sample(1000, CPUS)!.map((s) => s.name).sort()).toEqual(['burn', 'hold', 'idle', 'v2only']);
    } finally {
      watcher.stop();
      await bus.stop();
    }
  });
});
