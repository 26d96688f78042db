import type { Sample } from '../lib/wire/contract';
import { FsUsageReader } from './fs-usage';
import { diskRates, parseDiskstats, type DiskCounters } from './proc/diskstats';
import { parseLoadavg } from './proc/loadavg';
import { parseMeminfo } from './proc/meminfo';
import { parseMounts, type MountEntry } from './proc/mounts';
import { isVirtualInterface, netRates, parseNetDev, type NetCounters } from './proc/netdev';
import { ProcessSampler, type ProcessSummary } from './proc/processes';
import { KeptFile, listDir, readAuxv, readText } from './proc/read';
import { parseStat, sumTimes, cpuFromStats, type StatSnapshot } from './proc/stat';
import { discoverSensors, readTemperatures, type Sensor } from './proc/temperatures';
import { monotonicMs } from './clock';
import type { ContainerReader } from './containers/reader';
import type { ServiceReader } from './services/reader';
import type { DeviceReader } from './hardware/devices';

export interface SamplerOptions {
  procRoot?: string;
  sysRoot?: string;
  includeVirtualNet?: boolean;
  includeNetworkFs?: boolean;
  statfsTimeoutMs?: number;
  onHungMount?: (mount: string) => void;
  /** Monotonic milliseconds (tests). */
  clock?: () => number;
  /** Containers of the host's engine (collector/containers/); absent: samples carry no `containers`. */
  containers?: ContainerReader;
  /** systemd services (collector/services/); absent: samples carry no `services`. */
  services?: ServiceReader;
  /** GPUs, drive health, fans and batteries (collector/hardware/devices.ts); absent: samples carry none. */
  devices?: Pick<DeviceReader, 'sample'>;
}

/** Mounts, disks, sensors and virtual interfaces rarely change; re-discover them on this period, not every sample. */
const REDISCOVER_MS = 30_000;

/**
 * Reading every process's stat is the costliest part of a sample (about a
 * third of the collector's CPU). While samples come less than 10 s apart the
 * process table is scanned every other sample: every 2 s in live mode's 1 s
 * sampling, every 10 s at the default 5 s. A process's CPU % then covers the
 * scan window, and the sample in between repeats that scan's list. Nothing is
 * lost for history (the server keeps one process snapshot a minute), and
 * everything else still covers the sample's own interval. From 10 s intervals
 * on every sample scans, so a list is never older than ~10 s plus one sample.
 */
const scanPeriodMs = (intervalMs: number): number => Math.min(10_000, 2 * intervalMs);

/**
 * Linux sampler: /proc and /sys only, no child processes. Each sample covers
 * the time since the previous one; the first call only primes the counters.
 */
export class LinuxSampler {
  private readonly proc: string;
  private readonly sys: string;
  private readonly processes: ProcessSampler;
  private readonly fsUsage: FsUsageReader;
  private readonly clockTicks: number;
  private prevStat: StatSnapshot | null = null;
  private prevAt = 0;
  private prevDisk = new Map<string, DiskCounters>();
  private prevNet = new Map<string, NetCounters>();
  private lastTs = 0;
  private discoveredAt = -Infinity;
  private mounts: MountEntry[] = [];
  private disks = new Set<string>();
  private sensors: Sensor[] = [];
  private virtualNet = new Set<string>();
  private knownNet = new Set<string>();
  private readonly clock: () => number;
  private scans = 0;
  private scanAt = 0;
  private scanMachineTicks = 0;
  /** New watched patterns: the next sample scans, so its counts are for them. */
  private rescan = false;
  private lastProcs: ProcessSummary = { total: 0, running: 0, top: [] };
  /** Read every interval: opened once, re-read with one pread each. */
  private readonly files: Record<'stat' | 'uptime' | 'meminfo' | 'diskstats' | 'netdev' | 'loadavg', KeptFile>;

  constructor(private readonly opts: SamplerOptions = {}) {
    this.proc = opts.procRoot ?? '/proc';
    this.sys = opts.sysRoot ?? '/sys';
    this.clock = opts.clock ?? (() => monotonicMs());
    const aux = readAuxv(this.proc);
    this.clockTicks = aux.clockTicks;
    this.processes = new ProcessSampler({ procRoot: this.proc, pageSize: aux.pageSize, clockTicks: aux.clockTicks });
    this.fsUsage = new FsUsageReader(opts.statfsTimeoutMs ?? 2000, undefined, opts.onHungMount);
    const p = this.proc;
    this.files = {
      stat: new KeptFile(`${p}/stat`, true),
      uptime: new KeptFile(`${p}/uptime`, true),
      meminfo: new KeptFile(`${p}/meminfo`, true),
      diskstats: new KeptFile(`${p}/diskstats`, false),
      netdev: new KeptFile(`${p}/net/dev`, false),
      loadavg: new KeptFile(`${p}/loadavg`, true),
    };
  }

  private discover(now: number): void {
    if (now - this.discoveredAt < REDISCOVER_MS) return;
    this.discoveredAt = now;
    this.mounts = parseMounts(readText(`${this.proc}/mounts`) ?? '', { includeNetwork: this.opts.includeNetworkFs });
    // Physical disks: /sys/block entries that are not virtual (loop, zram, ram, dm and md sit under devices/virtual).
    const virtualBlock = new Set(listDir(`${this.sys}/devices/virtual/block`));
    this.disks = new Set(listDir(`${this.sys}/block`).filter((d) => !virtualBlock.has(d)));
    this.virtualNet = new Set(listDir(`${this.sys}/devices/virtual/net`));
    this.sensors = discoverSensors(this.sys);
  }

  private includeNet = (name: string): boolean => {
    if (this.opts.includeVirtualNet) return true;
    if (!this.knownNet.has(name)) {
      // A new interface: refresh the virtual list so a fresh veth is classified correctly.
      this.knownNet.add(name);
      this.virtualNet = new Set(listDir(`${this.sys}/devices/virtual/net`));
    }
    return !isVirtualInterface(name, this.virtualNet);
  };

  /** The process patterns to count on every scan (the server's `watch`); an empty list stops counting. */
  setWatch(patterns: readonly string[]): void {
    if (this.processes.setWatch(patterns)) this.rescan = true;
  }

  /** Read counters without producing a sample (start-up, or after a long pause). */
  async prime(): Promise<void> {
    await this.read();
  }

  async sample(): Promise<Sample | null> {
    return this.read();
  }

  private async read(): Promise<Sample | null> {
    const now = this.clock();
    this.discover(now);
    const f = this.files;
    const stat = parseStat(f.stat.read() ?? '');
    const uptimeSec = Number.parseFloat(f.uptime.read() ?? '0');
    const memory = parseMeminfo(f.meminfo.read() ?? '');
    const disk = parseDiskstats(f.diskstats.read() ?? '', this.disks);
    const net = parseNetDev(f.netdev.read() ?? '', this.includeNet);
    const fsRead = this.fsUsage.read(this.mounts);

    const prevStat = this.prevStat;
    const intervalMs = Math.max(1, Math.round(now - this.prevAt));
    const procs = this.scanProcesses(now, intervalMs, sumTimes(stat.total), uptimeSec, memory.total, stat.btime);
    const filesystems = Array.isArray(fsRead) ? fsRead : await fsRead;
    // Read on the priming call too, so the first real sample has container rates.
    const containers = this.opts.containers?.sample(intervalMs, Math.max(1, stat.cores.size));
    const services = this.opts.services?.sample(intervalMs, Math.max(1, stat.cores.size));
    const prevDisk = this.prevDisk;
    const prevNet = this.prevNet;
    this.prevStat = stat;
    this.prevAt = now;
    this.prevDisk = disk;
    this.prevNet = net;
    if (!prevStat) return null;

    let ts = Date.now();
    if (ts <= this.lastTs) ts = this.lastTs + 1; // the timestamp is the sample's identity: never reuse one
    this.lastTs = ts;
    return {
      ts,
      intervalMs: Math.min(intervalMs, 3_600_000),
      cpu: cpuFromStats(prevStat, stat, intervalMs, parseLoadavg(f.loadavg.read() ?? '')),
      memory,
      filesystems,
      disk: diskRates(prevDisk, disk, intervalMs),
      network: netRates(prevNet, net, intervalMs),
      temperatures: readTemperatures(this.sensors),
      processes: procs,
      ...(containers ? { containers } : {}),
      ...(services ? { services } : {}),
      ...this.opts.devices?.sample(),
    };
  }

  /** The process table, scanned when the last scan is scanPeriodMs old (10 % early for timer jitter), else the last scan. */
  private scanProcesses(now: number, intervalMs: number, machineTicksNow: number, uptimeSec: number, memTotal: number, btime: number): ProcessSummary {
    // The first two reads always scan: one primes the counters, the next is the first with CPU shares.
    if (this.scans >= 2 && !this.rescan && now - this.scanAt < scanPeriodMs(intervalMs) * 0.9) return this.lastProcs;
    this.rescan = false;
    const windowMs = Math.max(1, now - this.scanAt);
    this.lastProcs = this.processes.sample(
      this.scans > 0 ? Math.max(0, machineTicksNow - this.scanMachineTicks) : 0,
      uptimeSec * this.clockTicks,
      memTotal,
      btime,
      (windowMs / 1000) * this.clockTicks,
    );
    this.scans++;
    this.scanAt = now;
    this.scanMachineTicks = machineTicksNow;
    return this.lastProcs;
  }
}
