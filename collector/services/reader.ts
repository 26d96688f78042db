import type { Service } from '../../lib/wire/contract';
import { MAX_SERVICES } from '../../lib/wire/limits';
import { clampPct, counterDelta, round2 } from '../proc/counter';
import type { CgroupFiles } from '../containers/cgroup-layout';
import { readCgroup } from '../containers/cgroup-read';
import { KeptFiles } from '../proc/kept-files';
import { populated, sliceServices, unitFiles, type ServiceCgroups } from './unit-cgroup';
import type { UnitInfo } from './systemd-watcher';

/**
 * Each sample's services: state from systemd (the watcher, when the bus
 * answers) or, without it, from the cgroup tree alone — a `<name>.service`
 * directory under the slice is a service, running while populated. CPU and
 * memory from the unit's cgroup files, for running services only. Files
 * only, no call to systemd and no child process per sample.
 */
export interface UnitSource {
  units(): UnitInfo[];
  readonly ready: boolean;
}

/** Without the bus the slice directory is listed again on this period, not every sample. */
const RESCAN_MS = 30_000;

interface Tracked {
  files: CgroupFiles;
  prevCpuNs: number | null;
}

const running = (s: UnitInfo['state']) => s === 'active' || s === 'reloading' || s === 'deactivating';

export class ServiceReader {
  private readonly tracked = new Map<string, Tracked>();
  /** Every running service's cgroup files, open between samples (one pread each per sample). */
  private readonly files = new KeptFiles();
  private scanned: string[] = [];
  private scannedAt = -Infinity;

  constructor(
    private readonly cg: ServiceCgroups,
    private readonly bus: UnitSource | null,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Where the numbers come from now: systemd's bus, the cgroup tree, or nowhere (no services in the sample). */
  get source(): 'bus' | 'cgroup' | null {
    if (this.bus?.ready) return 'bus';
    return this.cg.mounts.v2 || this.cg.systemdV1 ? 'cgroup' : null;
  }

  private fromCgroups(): UnitInfo[] | undefined {
    const now = this.clock();
    if (now - this.scannedAt >= RESCAN_MS) {
      this.scanned = sliceServices(this.cg).slice(0, MAX_SERVICES);
      this.scannedAt = now;
    }
    if (this.scanned.length === 0) return undefined;
    const out: UnitInfo[] = [];
    for (const name of this.scanned) {
      const p = populated(this.cg, name);
      // A directory gone since the scan: systemd removed the unit's cgroup, it stopped.
      out.push({ name, state: p ? 'active' : 'inactive', subState: p ? 'running' : 'dead', restarts: 0 });
    }
    return out;
  }

  /** Closes the files kept open (the collector is stopping). */
  close(): void {
    this.files.close();
  }

  /** Services over `intervalMs` on `cpus` logical CPUs; a service's CPU % starts at its second reading. */
  sample(intervalMs: number, cpus: number): Service[] | undefined {
    const units = this.source === 'bus' ? this.bus!.units() : this.source === 'cgroup' ? this.fromCgroups() : undefined;
    if (!units) return undefined;
    const seen = new Set<string>();
    const out: Service[] = [];
    for (const u of units.slice(0, MAX_SERVICES)) {
      seen.add(u.name);
      out.push(this.one(u, intervalMs, cpus));
    }
    for (const name of this.tracked.keys()) if (!seen.has(name)) this.tracked.delete(name);
    this.files.sweep();
    return out;
  }

  private one(u: UnitInfo, intervalMs: number, cpus: number): Service {
    const base = { name: u.name, state: u.state, subState: u.subState, restarts: u.restarts, cpuPct: 0, memUsed: 0 };
    if (!running(u.state)) {
      this.tracked.delete(u.name);
      return base;
    }
    let t = this.tracked.get(u.name);
    // Resolved when the service is first seen running: which v1 controllers have its directory depends on its accounting.
    if (!t) this.tracked.set(u.name, (t = { files: unitFiles(this.cg, u.name), prevCpuNs: null }));
    const r = readCgroup(t.files, this.files.reader);
    if (!r.alive) {
      // No cgroup (a oneshot that exited but stays active, or one just started): resolve again next time.
      this.tracked.delete(u.name);
      return base;
    }
    const prev = t.prevCpuNs;
    t.prevCpuNs = r.cpuNs;
    const cpuPct = prev === null ? 0 : clampPct((counterDelta(prev, r.cpuNs) / (intervalMs * 1e6 * Math.max(1, cpus))) * 100);
    return { ...base, cpuPct: round2(cpuPct), memUsed: Math.max(0, r.memUsage - r.memInactiveFile) };
  }
}
