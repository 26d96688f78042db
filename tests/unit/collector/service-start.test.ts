import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/collector/log';
import { ServiceReader } from '@/collector/services/reader';
import { serviceReader } from '@/collector/services/start';
import { populated, sliceServices, systemdHierarchy, unitFiles } from '@/collector/services/unit-cgroup';
import { parseCgroupMounts } from '@/collector/containers/cgroup-layout';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fake /proc whose self/mounts points at cgroup trees under a temp dir. */
function host(lines: (root: string) => string[]): { proc: string; root: string } {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-svc-start-'));
  const proc = path.join(dir, 'proc');
  mkdirSync(path.join(proc, 'self'), { recursive: true });
  writeFileSync(path.join(proc, 'self', 'mounts'), `${lines(dir).join('\n')}\n`);
  return { proc, root: dir };
}

const log = createLogger('error');

describe('service reader start-up', () => {
  it('is off when asked, and absent on a host with neither a bus nor a system.slice', () => {
    const h = host((r) => [`cgroup2 ${r}/unified cgroup2 rw 0 0`]);
    expect(serviceReader('off', log, h.proc)).toBeNull();
    expect(serviceReader(undefined, log, h.proc)).toBeNull();
  });

  it('reads the cgroup tree alone when system.slice exists and there is no bus', () => {
    const h = host((r) => [`cgroup2 ${r}/unified cgroup2 rw 0 0`]);
    const unit = path.join(h.root, 'unified', 'system.slice', 'nginx.service');
    mkdirSync(unit, { recursive: true });
    writeFileSync(path.join(unit, 'cgroup.events'), 'populated 1\nfrozen 0\n');
    mkdirSync(path.join(h.root, 'unified', 'system.slice', 'stopped.service'));
    writeFileSync(path.join(h.root, 'unified', 'system.slice', 'stopped.service', 'cgroup.events'), 'populated 0\nfrozen 0\n');
    mkdirSync(path.join(h.root, 'unified', 'system.slice', 'dbus.socket'));
    const started = serviceReader(undefined, log, h.proc)!;
    expect(started.watcher).toBeNull();
    expect(started.reader.source).toBe('cgroup');
    expect(started.reader.sample(1000, 2)!.map((s) => [s.name, s.state, s.subState])).toEqual([
      ['nginx', 'active', 'running'],
      ['stopped', 'inactive', 'dead'],
    ]);
  });

  it('follows a configured bus even while it is absent, and reads the tree meanwhile', () => {
    const h = host((r) => [`cgroup2 ${r}/unified cgroup2 rw 0 0`]);
    const started = serviceReader(path.join(h.root, 'no-bus.sock'), log, h.proc)!;
    try {
      expect(started.watcher).not.toBeNull();
      expect(started.watcher!.ready).toBe(false);
      // No system.slice either: nothing to report until the bus answers.
      expect(started.reader.sample(1000, 2)).toBeUndefined();
    } finally {
      started.watcher?.stop();
    }
  });

  it('on a v1-only host reads populated from the name=systemd hierarchy', () => {
    const h = host((r) => [`cgroup ${r}/systemd cgroup rw,nosuid,xattr,name=systemd 0 0`, `cgroup ${r}/cpuacct cgroup rw,cpuacct 0 0`]);
    const text = `cgroup ${h.root}/systemd cgroup rw,nosuid,xattr,name=systemd 0 0\ncgroup ${h.root}/cpuacct cgroup rw,cpuacct 0 0\n`;
    const cg = { mounts: parseCgroupMounts(text), systemdV1: systemdHierarchy(text), slice: '/system.slice' };
    expect(cg.systemdV1).toBe(`${h.root}/systemd`);
    const unit = path.join(h.root, 'systemd', 'system.slice', 'sshd.service');
    mkdirSync(unit, { recursive: true });
    writeFileSync(path.join(unit, 'cgroup.procs'), '412\n');
    mkdirSync(path.join(h.root, 'systemd', 'system.slice', 'idle.service'));
    writeFileSync(path.join(h.root, 'systemd', 'system.slice', 'idle.service', 'cgroup.procs'), '');
    expect(sliceServices(cg).sort()).toEqual(['idle', 'sshd']);
    expect(populated(cg, 'sshd')).toBe(true);
    expect(populated(cg, 'idle')).toBe(false);
    expect(populated(cg, 'gone')).toBeNull();
  });
});

describe('service usage on a pure cgroup v2 host', () => {
  it('reads CPU from cpu.stat and memory from memory.current without inactive page cache, for running services only', () => {
    const h = host((r) => [`cgroup2 ${r}/cg cgroup2 rw 0 0`]);
    const unit = (name: string, usec: number, current: number, inactive: number) => {
      const d = path.join(h.root, 'cg', 'system.slice', `${name}.service`);
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'cgroup.events'), 'populated 1\n');
      writeFileSync(path.join(d, 'cpu.stat'), `usage_usec ${usec}\nuser_usec 1\nsystem_usec 1\n`);
      writeFileSync(path.join(d, 'memory.current'), `${current}\n`);
      writeFileSync(path.join(d, 'memory.max'), 'max\n');
      writeFileSync(path.join(d, 'memory.stat'), `anon 1\nfile 900\ninactive_file ${inactive}\n`);
    };
    unit('web', 1_000_000, 50_000_000, 10_000_000);
    const text = `cgroup2 ${h.root}/cg cgroup2 rw 0 0\n`;
    const states: Record<string, 'active' | 'failed'> = { web: 'active' };
    const bus = { ready: true, units: () => Object.entries(states).map(([name, state]) => ({ name, state, subState: state === 'active' ? 'running' : 'failed', restarts: 0 })) };
    const reader = new ServiceReader({ mounts: parseCgroupMounts(text), systemdV1: null, slice: '/system.slice' }, bus);
    expect(reader.source).toBe('bus');
    expect(reader.sample(1000, 2)).toEqual([{ name: 'web', state: 'active', subState: 'running', restarts: 0, cpuPct: 0, memUsed: 40_000_000 }]);
    // 500 ms of CPU over a 1 s interval on 2 CPUs: 25 % of the machine.
    unit('web', 1_500_000, 60_000_000, 10_000_000);
    expect(reader.sample(1000, 2)![0]).toMatchObject({ cpuPct: 25, memUsed: 50_000_000 });
    // Only what a service row shows is read: CPU, memory used and cache; not its limit, block I/O or pids.
    expect(unitFiles({ mounts: parseCgroupMounts(text), systemdV1: null, slice: '/system.slice' }, 'web')).toMatchObject({ io: null, pids: null, memory: { limit: null } });
    states.web = 'failed';
    expect(reader.sample(1000, 2)![0]).toMatchObject({ state: 'failed', cpuPct: 0, memUsed: 0 });
  });
});
