import type { Container } from '../../lib/wire/contract';
import { MAX_CONTAINERS } from '../../lib/wire/limits';
import { counterDelta, clampPct, perSecond, round2 } from '../proc/counter';
import { sumNetBytes } from '../proc/netdev';
import { KeptFiles } from '../proc/kept-files';
import { filesOfPid, readCgroupMounts, type CgroupFiles, type CgroupMounts } from './cgroup-layout';
import { readCgroup, type CgroupReading } from './cgroup-read';
import type { ContainerInfo } from './engine-shape';

/**
 * Each sample's containers: what the watcher last heard from the engine, with
 * usage read from files only — the container's cgroup (CPU, memory, block
 * I/O, pids) and /proc/<pid>/net/dev of its init process (its network
 * namespace's interfaces). No engine call and no child process per sample.
 * A container the engine says is running whose cgroup is gone is reported
 * `exited` at once: the stop shows in the next sample, not after the event.
 */
export interface ContainerSource {
  containers(): ContainerInfo[];
  /** False while the engine has not answered (no socket yet): samples then carry no `containers` at all. */
  readonly ready: boolean;
}

interface Tracked {
  pid: number;
  files: CgroupFiles | null;
  prev: CgroupReading | null;
  prevNet: { rx: number; tx: number } | null;
  /** Its init process's net/dev (made once, not per reading). */
  netPath: string;
  /** Samples until the memory limit and memory.stat are read again. */
  slowIn: number;
}

/**
 * How often the memory limit and memory.stat are re-read; usage, CPU, I/O, pids
 * and network are read every sample. Memory used (usage less inactive file
 * cache) thus uses a cache figure at most this old.
 */
export const SLOW_PARTS_MS = 10_000;

/**
 * Container usage is read at most this often, like the process table (collector/sampler.ts): at 1 s
 * sampling every other sample repeats the last reading, whose rates cover the 2 s before it. A change
 * in the engine's list (a container started, stopped, restarted, or its health changed), or a cgroup
 * that is gone before the engine says so, is read at once.
 */
export const CONTAINER_READ_MS = 2000;

/** What the engine says of each container; a change in it means a fresh reading. */
const listKey = (list: ContainerInfo[]) => list.map((c) => `${c.id}\u0000${c.name}\u0000${c.state}\u0000${c.health}\u0000${c.restarts}\u0000${c.pid}`).join('\u0001');

export interface ContainerReaderOptions {
  procRoot?: string;
  mounts?: CgroupMounts;
  /** False: open each file afresh every sample (tests whose fixture files are deleted; see kept-files.ts). */
  keepFilesOpen?: boolean;
  /** Shortest time between two full readings (default CONTAINER_READ_MS; 0: every sample). */
  readEveryMs?: number;
}

export class ContainerReader {
  private readonly proc: string;
  private readonly mounts: CgroupMounts;
  private readonly tracked = new Map<string, Tracked>();
  private last: { key: string; containers: Container[] } | null = null;
  private reads = 0;
  private readonly readEveryMs: number;
  /** Time since the last reading, over the samples that repeated it. */
  private sinceRead = 0;
  /** Every running container's cgroup files and net/dev, open between samples. */
  private readonly files: KeptFiles;

  constructor(
    private readonly source: ContainerSource,
    opts: ContainerReaderOptions = {},
  ) {
    this.proc = opts.procRoot ?? '/proc';
    this.mounts = opts.mounts ?? readCgroupMounts(this.proc);
    this.files = new KeptFiles(opts.keepFilesOpen ?? true);
    this.readEveryMs = opts.readEveryMs ?? CONTAINER_READ_MS;
  }

  /** How many files are open between samples. */
  get openFiles(): number {
    return this.files.open;
  }

  /** Closes the files kept open (the collector is stopping). */
  close(): void {
    this.files.close();
  }

  /** The cgroup files of a container, as resolved (tests compare them with what they read themselves). */
  filesOf(id: string): CgroupFiles | null {
    return this.tracked.get(id)?.files ?? null;
  }

  /**
   * Every container, running first, with its usage over `intervalMs` on a
   * machine of `cpus` logical CPUs. The first reading of a container primes
   * its counters: its rates are 0 until the next sample.
   */
  sample(intervalMs: number, cpus: number): Container[] | undefined {
    const list = this.source.containers();
    if (list.length === 0 && !this.source.ready) return undefined;
    const key = listKey(list);
    const elapsed = this.sinceRead + intervalMs;
    // The first two readings always read: one primes the counters, the next is the first with rates. 10 % early for timer
    // jitter. A repeat still reads each running container's CPU file: one whose cgroup is gone is read (as exited) at once.
    if (this.reads >= 2 && this.last?.key === key && elapsed < this.readEveryMs * 0.9 && this.cgroupsAlive()) {
      this.sinceRead = elapsed;
      return this.last.containers;
    }
    this.sinceRead = 0;
    this.reads++;
    const seen = new Set<string>();
    const out: Container[] = [];
    for (const info of list) {
      seen.add(info.id);
      out.push(this.one(info, elapsed, cpus));
    }
    for (const id of this.tracked.keys()) if (!seen.has(id)) this.tracked.delete(id);
    this.files.sweep();
    out.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || (a.name < b.name ? -1 : 1));
    const containers = out.slice(0, MAX_CONTAINERS);
    this.last = { key, containers };
    return containers;
  }

  /** Whether every container read as running last time still has its cgroup (one pread each). */
  private cgroupsAlive(): boolean {
    for (const t of this.tracked.values()) {
      const path = t.files?.cpu?.path ?? t.files?.memory?.usage;
      if (path !== undefined && this.files.read(path) === null) return false;
    }
    return true;
  }

  // Written out field by field, not spread: the daemon runs without the optimizing compiler (collector/v8-flags.ts), where a spread costs a generic copy.
  private one(info: ContainerInfo, intervalMs: number, cpus: number): Container {
    if (info.pid <= 0 || (info.state !== 'running' && info.state !== 'paused')) {
      this.tracked.delete(info.id);
      return still(info, info.state, info.startedAt);
    }
    let t = this.tracked.get(info.id);
    if (!t || t.pid !== info.pid) {
      // A restart gives a new init pid, and maybe a new cgroup: resolve again, prime again.
      t = { pid: info.pid, files: filesOfPid(this.mounts, info.pid, this.proc), prev: null, prevNet: null, netPath: `${this.proc}/${info.pid}/net/dev`, slowIn: 0 };
      this.tracked.set(info.id, t);
    }
    const reading = t.files ? this.readCgroup(t, t.files, intervalMs) : null;
    if (!reading?.alive) {
      // The engine's event may still be on its way; the cgroup already says it stopped.
      this.tracked.delete(info.id);
      return still(info, 'exited', 0);
    }
    const net = this.readNet(t.netPath);
    const prev = t.prev;
    const prevNet = t.prevNet;
    t.prev = reading;
    t.prevNet = net;
    const cpuPct = prev ? clampPct((counterDelta(prev.cpuNs, reading.cpuNs) / (intervalMs * 1e6 * Math.max(1, cpus))) * 100) : 0;
    return {
      id: info.id,
      name: info.name,
      image: info.image,
      state: info.state,
      health: info.health,
      restarts: info.restarts,
      startedAt: info.startedAt,
      cpuPct: round2(cpuPct),
      memUsed: Math.max(0, reading.memUsage - reading.memInactiveFile),
      memLimit: reading.memLimit,
      memCache: reading.memCache,
      blkReadBps: prev ? Math.round(perSecond(counterDelta(prev.readBytes, reading.readBytes), intervalMs)) : 0,
      blkWriteBps: prev ? Math.round(perSecond(counterDelta(prev.writeBytes, reading.writeBytes), intervalMs)) : 0,
      netRxBps: prevNet && net ? Math.round(perSecond(counterDelta(prevNet.rx, net.rx), intervalMs)) : 0,
      netTxBps: prevNet && net ? Math.round(perSecond(counterDelta(prevNet.tx, net.tx), intervalMs)) : 0,
      pids: reading.pids,
    };
  }

  /** The cgroup's counters; the slow parts only every SLOW_PARTS_MS, their files kept open in between. */
  private readCgroup(t: Tracked, files: CgroupFiles, intervalMs: number): CgroupReading {
    const carry = t.prev !== null && t.slowIn > 0 ? t.prev : null;
    t.slowIn = carry ? t.slowIn - 1 : Math.max(1, Math.round(SLOW_PARTS_MS / Math.max(1, intervalMs))) - 1;
    if (carry && files.memory) {
      if (files.memory.limit !== null) this.files.touch(files.memory.limit);
      this.files.touch(files.memory.stat);
    }
    return readCgroup(files, this.files.reader, carry);
  }

  /** Bytes over every interface of the container's network namespace but loopback. */
  private readNet(path: string): { rx: number; tx: number } | null {
    const text = this.files.read(path, false);
    return text === null ? null : sumNetBytes(text);
  }
}

/** A container that is not running (or whose cgroup is gone): its state, no usage. */
function still(info: ContainerInfo, state: Container['state'], startedAt: number): Container {
  return {
    id: info.id,
    name: info.name,
    image: info.image,
    state,
    health: info.health,
    restarts: info.restarts,
    startedAt,
    cpuPct: 0,
    memUsed: 0,
    memLimit: 0,
    memCache: 0,
    blkReadBps: 0,
    blkWriteBps: 0,
    netRxBps: 0,
    netTxBps: 0,
    pids: 0,
  };
}
