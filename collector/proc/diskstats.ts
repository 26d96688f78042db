import type { Disk, DiskRates } from '../../lib/wire/contract';
import { clampPct, counterDelta, perSecond, round2 } from './counter';

export interface DiskCounters {
  reads: number;
  sectorsRead: number;
  writes: number;
  sectorsWritten: number;
  /** Milliseconds the device had I/O in flight. */
  ioTicks: number;
}

/** /proc/diskstats counts 512-byte sectors whatever the device's real sector size. */
const SECTOR = 512;

/** Counters of the named devices only (callers pass the physical disks; partitions and loop devices would double count). */
export function parseDiskstats(text: string, disks: ReadonlySet<string>): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const name = f[2]!;
    if (!disks.has(name)) continue;
    out.set(name, {
      reads: Number(f[3]),
      sectorsRead: Number(f[5]),
      writes: Number(f[7]),
      sectorsWritten: Number(f[9]),
      ioTicks: Number(f[12]),
    });
  }
  return out;
}

/** Devices present in both reads; one that appeared is reported from its second read, one that vanished is dropped. */
export function diskRates(
  prev: Map<string, DiskCounters>,
  cur: Map<string, DiskCounters>,
  intervalMs: number,
): { total: DiskRates; devices: Disk[] } {
  const devices: Disk[] = [];
  const total: DiskRates = { readBps: 0, writeBps: 0, readsPerSec: 0, writesPerSec: 0, busyPct: 0 };
  for (const [name, c] of cur) {
    const p = prev.get(name);
    if (!p) continue;
    const rate = (a: number, b: number) => perSecond(counterDelta(a, b), intervalMs);
    const d: Disk = {
      name: name.slice(0, 128),
      readBps: round2(rate(p.sectorsRead, c.sectorsRead) * SECTOR),
      writeBps: round2(rate(p.sectorsWritten, c.sectorsWritten) * SECTOR),
      readsPerSec: round2(rate(p.reads, c.reads)),
      writesPerSec: round2(rate(p.writes, c.writes)),
      busyPct: round2(clampPct((counterDelta(p.ioTicks, c.ioTicks) / intervalMs) * 100)),
    };
    devices.push(d);
    total.readBps += d.readBps;
    total.writeBps += d.writeBps;
    total.readsPerSec += d.readsPerSec;
    total.writesPerSec += d.writesPerSec;
    // The busiest disk is the bottleneck; an average would hide one saturated disk among idle ones.
    total.busyPct = Math.max(total.busyPct, d.busyPct);
  }
  total.readBps = round2(total.readBps);
  total.writeBps = round2(total.writeBps);
  total.readsPerSec = round2(total.readsPerSec);
  total.writesPerSec = round2(total.writesPerSec);
  return { total, devices };
}
