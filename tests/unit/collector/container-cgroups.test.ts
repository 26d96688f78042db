import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupFiles, parseCgroupMounts, parseProcCgroup } from '@/collector/containers/cgroup-layout';
import { parseBlkio, parseIoStat, readCgroup } from '@/collector/containers/cgroup-read';
import { ContainerReader, SLOW_PARTS_MS } from '@/collector/containers/reader';
import type { ContainerInfo } from '@/collector/containers/engine-shape';

const HYBRID_MOUNTS = [
  'tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0',
  'cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0',
  'cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0',
  'cgroup /sys/fs/cgroup/blkio cgroup rw,relatime,blkio 0 0',
  'cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0',
  'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0',
].join('\n');

const PROC_CGROUP_V1 = ['9:name=systemd:/libpod_parent/libpod-abc', '4:memory:/libpod_parent/libpod-abc', '2:cpu,cpuacct:/libpod_parent/libpod-abc', '7:blkio:/libpod_parent/libpod-abc', '8:pids:/libpod_parent/libpod-abc', '0::/libpod_parent/libpod-abc'].join('\n');

describe('cgroup layouts', () => {
  it('reads the hybrid layout: each value from its v1 controller', () => {
    const mounts = parseCgroupMounts(HYBRID_MOUNTS);
    expect(mounts).toEqual({ v2: '/sys/fs/cgroup/unified', v1: { cpuacct: '/sys/fs/cgroup/cpu,cpuacct', memory: '/sys/fs/cgroup/memory', blkio: '/sys/fs/cgroup/blkio', pids: '/sys/fs/cgroup/pids' } });
    const files = cgroupFiles(mounts, parseProcCgroup(PROC_CGROUP_V1));
    expect(files.cpu).toEqual({ path: '/sys/fs/cgroup/cpu,cpuacct/libpod_parent/libpod-abc/cpuacct.usage', v2: false });
    expect(files.memory?.usage).toBe('/sys/fs/cgroup/memory/libpod_parent/libpod-abc/memory.usage_in_bytes');
    expect(files.io).toEqual({ path: '/sys/fs/cgroup/blkio/libpod_parent/libpod-abc/blkio.throttle.io_service_bytes', v2: false });
    expect(files.pids).toBe('/sys/fs/cgroup/pids/libpod_parent/libpod-abc/pids.current');
  });

  it('reads cgroup v2 alone from the one tree', () => {
    const mounts = parseCgroupMounts('cgroup2 /sys/fs/cgroup cgroup2 rw,nsdelegate 0 0');
    const files = cgroupFiles(mounts, parseProcCgroup('0::/system.slice/docker-abc.scope\n'));
    expect(files).toEqual({
      cpu: { path: '/sys/fs/cgroup/system.slice/docker-abc.scope/cpu.stat', v2: true },
      memory: { usage: '/sys/fs/cgroup/system.slice/docker-abc.scope/memory.current', limit: '/sys/fs/cgroup/system.slice/docker-abc.scope/memory.max', stat: '/sys/fs/cgroup/system.slice/docker-abc.scope/memory.stat', v2: true },
      io: { path: '/sys/fs/cgroup/system.slice/docker-abc.scope/io.stat', v2: true },
      pids: '/sys/fs/cgroup/system.slice/docker-abc.scope/pids.current',
    });
  });

  it('takes CPU from the v2 tree when v1 has no cpuacct, and nothing where neither has a controller', () => {
    const mounts = parseCgroupMounts(['cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0', 'cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0'].join('\n'));
    const files = cgroupFiles(mounts, parseProcCgroup('4:memory:/a\n0::/a\n'));
    expect(files.cpu).toEqual({ path: '/sys/fs/cgroup/unified/a/cpu.stat', v2: true });
    expect(files.memory?.v2).toBe(false);
    // blkio and pids are not v1-mounted, so the v2 tree's files are tried (absent files read as 0).
    expect(files.pids).toBe('/sys/fs/cgroup/unified/a/pids.current');
  });

  it('sums block I/O over devices in both formats', () => {
    expect(parseBlkio('8:0 Read 4096\n8:0 Write 100\n8:16 Read 4\n8:16 Write 0\nTotal 4200\n')).toEqual({ read: 4100, write: 100 });
    expect(parseIoStat('8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n259:0 rbytes=1 wbytes=2 rios=1 wios=1\n')).toEqual({ read: 4097, write: 514 });
  });
});

describe('reading a container from files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A v2 host in a temp dir: /proc/<pid>/cgroup and net/dev, and the cgroup's files. */
  function host(pid: number) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-cg-'));
    const proc = path.join(dir, 'proc');
    const cg = path.join(dir, 'cgroup', 'c1');
    mkdirSync(path.join(proc, String(pid), 'net'), { recursive: true });
    mkdirSync(cg, { recursive: true });
    writeFileSync(path.join(proc, String(pid), 'cgroup'), '0::/c1\n');
    const set = (cpuUsec: number, rx: number, tx: number, rbytes: number) => {
      writeFileSync(path.join(cg, 'cpu.stat'), `usage_usec ${cpuUsec}\nuser_usec 1\nsystem_usec 1\n`);
      writeFileSync(path.join(cg, 'memory.current'), `${300 * 1024 * 1024}\n`);
      writeFileSync(path.join(cg, 'memory.max'), 'max\n');
      writeFileSync(path.join(cg, 'memory.stat'), `anon 1000\nfile ${200 * 1024 * 1024}\ninactive_file ${100 * 1024 * 1024}\n`);
      writeFileSync(path.join(cg, 'io.stat'), `8:0 rbytes=${rbytes} wbytes=0 rios=1 wios=0\n`);
      writeFileSync(path.join(cg, 'pids.current'), '7\n');
      const dev = ['Inter-|   Receive', ' face |bytes packets errs drop fifo frame compressed multicast|bytes', `    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0`, `  eth0: ${rx} 10 0 0 0 0 0 0 ${tx} 10 0 0 0 0 0 0`].join('\n');
      writeFileSync(path.join(proc, String(pid), 'net', 'dev'), dev);
    };
    const mounts = { v2: path.join(dir, 'cgroup'), v1: {} };
    return { proc, cg, set, mounts };
  }

  const info = (over: Partial<ContainerInfo> = {}): ContainerInfo => ({ id: 'a'.repeat(64), name: 'web', image: 'nginx:1', state: 'running', health: 'healthy', restarts: 2, startedAt: 1000, pid: 4242, ...over });

  it('gives rates over the interval, memory without inactive cache, no limit for "max"', () => {
    const h = host(4242);
    h.set(1_000_000, 1000, 500, 0);
    let list = [info()];
    // Files opened afresh each sample: a deleted fixture file, unlike a removed cgroup's, stays readable through a kept descriptor.
    const reader = new ContainerReader({ containers: () => list, ready: true }, { procRoot: h.proc, mounts: h.mounts, keepFilesOpen: false });
    const first = reader.sample(1000, 2)![0]!;
    expect(first).toMatchObject({ cpuPct: 0, netRxBps: 0, memUsed: 200 * 1024 * 1024, memCache: 200 * 1024 * 1024, memLimit: 0, pids: 7, health: 'healthy', restarts: 2 });
    // 1 s of CPU over 2 s on 2 CPUs is a quarter of the machine; loopback is not counted.
    h.set(2_000_000, 21_000, 4500, 8192);
    const second = reader.sample(2000, 2)![0]!;
    expect(second).toMatchObject({ cpuPct: 25, netRxBps: 10_000, netTxBps: 2000, blkReadBps: 4096, state: 'running' });
    expect(readCgroup(reader.filesOf(info().id)!).alive).toBe(true);

    // The cgroup is removed when the container stops: the next reading says exited, before any engine event.
    rmSync(h.cg, { recursive: true });
    expect(reader.sample(2000, 2)![0]).toMatchObject({ state: 'exited', cpuPct: 0, memUsed: 0, startedAt: 0 });
    list = [info({ state: 'exited', pid: 0 })];
    expect(reader.sample(1000, 2)![0]!.state).toBe('exited');
  });

  it('keeps a running container’s files open between samples and closes them once it stops', () => {
    const h = host(4242);
    h.set(1_000_000, 1000, 500, 0);
    let list = [info()];
    const reader = new ContainerReader({ containers: () => list, ready: true }, { procRoot: h.proc, mounts: h.mounts });
    reader.sample(1000, 2);
    h.set(2_000_000, 21_000, 4500, 8192);
    // Re-read through the kept descriptors: the new values, one pread each.
    expect(reader.sample(2000, 2)![0]).toMatchObject({ cpuPct: 25, netRxBps: 10_000, blkReadBps: 4096 });
    // Its six cgroup files and net/dev.
    expect(reader.openFiles).toBe(7);
    list = [info({ state: 'exited', pid: 0 })];
    expect(reader.sample(1000, 2)![0]!.state).toBe('exited');
    expect(reader.openFiles).toBe(0);
  });

  it('re-reads the memory limit and memory.stat every 10 s, usage at every reading, and keeps their files open in between', () => {
    const h = host(4242);
    h.set(1_000_000, 1000, 500, 0);
    const reader = new ContainerReader({ containers: () => [info()], ready: true }, { procRoot: h.proc, mounts: h.mounts });
    expect(reader.sample(2000, 2)![0]).toMatchObject({ memUsed: 200 * 1024 * 1024, memLimit: 0 });
    // The limit is set and the inactive cache is dropped: usage shows at once, the slow parts at the tenth second.
    writeFileSync(path.join(h.cg, 'memory.max'), `${1024 * 1024 * 1024}\n`);
    writeFileSync(path.join(h.cg, 'memory.stat'), 'anon 1000\nfile 0\ninactive_file 0\n');
    writeFileSync(path.join(h.cg, 'memory.current'), `${250 * 1024 * 1024}\n`);
    for (let s = 1; s < SLOW_PARTS_MS / 2000; s++) {
      expect(reader.sample(2000, 2)![0]).toMatchObject({ memUsed: 150 * 1024 * 1024, memLimit: 0, memCache: 200 * 1024 * 1024 });
      expect(reader.openFiles).toBe(7);
    }
    expect(reader.sample(2000, 2)![0]).toMatchObject({ memUsed: 250 * 1024 * 1024, memLimit: 1024 * 1024 * 1024, memCache: 0 });
    // At a 5 s interval, every other sample.
    const every5s = new ContainerReader({ containers: () => [info()], ready: true }, { procRoot: h.proc, mounts: h.mounts });
    expect(every5s.sample(5000, 2)![0]!.memLimit).toBe(1024 * 1024 * 1024);
    writeFileSync(path.join(h.cg, 'memory.max'), 'max\n');
    expect(every5s.sample(5000, 2)![0]!.memLimit).toBe(1024 * 1024 * 1024);
    expect(every5s.sample(5000, 2)![0]!.memLimit).toBe(0);
    reader.close();
    every5s.close();
  });

  it('reads at most every 2 s: at 1 s sampling every other sample repeats the last reading, and a change in the engine list or a gone cgroup is read at once', () => {
    const h = host(4242);
    h.set(1_000_000, 1000, 500, 0);
    let list = [info()];
    // Files opened afresh: a removed fixture file, unlike a removed cgroup's, stays readable through a kept descriptor.
    const reader = new ContainerReader({ containers: () => list, ready: true }, { procRoot: h.proc, mounts: h.mounts, keepFilesOpen: false });
    reader.sample(1000, 2);
    // The second reading always reads: it is the first with rates (1 s of CPU in 1 s on 2 CPUs).
    h.set(2_000_000, 1000, 500, 0);
    expect(reader.sample(1000, 2)![0]!.cpuPct).toBe(50);
    h.set(2_500_000, 1000, 500, 0);
    const repeated = reader.sample(1000, 2);
    expect(repeated![0]!.cpuPct).toBe(50);
    // Read again 2 s after the last reading: its rates cover both seconds (0.5 s of CPU in 2 s on 2 CPUs).
    expect(reader.sample(1000, 2)![0]!.cpuPct).toBe(12.5);
    // The engine says it restarted (a new init pid): that sample reads it, primed again.
    list = [info({ pid: 4243, restarts: 3 })];
    mkdirSync(path.join(h.proc, '4243', 'net'), { recursive: true });
    writeFileSync(path.join(h.proc, '4243', 'cgroup'), '0::/c1\n');
    expect(reader.sample(1000, 2)![0]).toMatchObject({ restarts: 3, cpuPct: 0 });
    // Its cgroup is removed before the engine says anything: the repeat checks each CPU file, so this very sample says exited.
    rmSync(h.cg, { recursive: true });
    expect(reader.sample(1000, 2)![0]).toMatchObject({ state: 'exited', cpuPct: 0 });
    reader.close();
  });

  it('carries no containers until the engine has answered, and an empty list after', () => {
    const h = host(1);
    let ready = false;
    const reader = new ContainerReader({ containers: () => [], get ready() { return ready; } }, { procRoot: h.proc, mounts: h.mounts });
    expect(reader.sample(1000, 2)).toBeUndefined();
    ready = true;
    expect(reader.sample(1000, 2)).toEqual([]);
  });

  it('lists running containers first and at most 256', () => {
    const h = host(1);
    const many = Array.from({ length: 300 }, (_, i) => info({ id: i.toString(16).padStart(12, '0'), name: `c${String(i).padStart(3, '0')}`, state: i === 299 ? 'running' : 'exited', pid: 0 }));
    const out = new ContainerReader({ containers: () => many, ready: true }, { procRoot: h.proc, mounts: h.mounts }).sample(1000, 2)!;
    expect(out).toHaveLength(256);
    expect(out[0]!.name).toBe('c299');
  });
});
