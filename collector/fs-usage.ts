import * as fs from 'node:fs';
import type { Filesystem } from '../lib/wire/contract';
import type { MountEntry } from './proc/mounts';
import { round2 } from './proc/counter';

export interface StatfsResult {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}
export type StatfsFn = (path: string) => Promise<StatfsResult>;
export type StatfsSyncFn = (path: string) => StatfsResult;

const asyncStatfs: StatfsFn = (p) => fs.promises.statfs(p);
/** fs.statfsSync arrived in Node 18.15; without it every mount goes the asynchronous way. */
const syncStatfs: StatfsSyncFn | null = typeof fs.statfsSync === 'function' ? (p) => fs.statfsSync(p) : null;

/**
 * Block-device filesystems whose statfs answers from in-memory counters and
 * cannot hang: asking them synchronously spares the thread-pool round trip,
 * the promise and the deadline timer, every interval. Anything else (network,
 * FUSE, unknown types) goes through the deadline.
 */
const LOCAL_TYPES = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'vfat', 'exfat', 'jfs', 'reiserfs', 'nilfs2', 'hfsplus', 'ntfs3']);

/** df's arithmetic: used = blocks − free, available to users = bavail, Use% = used / (used + avail). */
export function usageFromStatfs(m: MountEntry, s: StatfsResult): Filesystem | null {
  if (!(s.blocks > 0)) return null;
  const size = s.blocks * s.bsize;
  const used = Math.max(0, s.blocks - s.bfree) * s.bsize;
  const free = Math.max(0, s.bavail) * s.bsize;
  const usedPct = used + free > 0 ? round2((used / (used + free)) * 100) : 0;
  return {
    mount: m.mount.slice(0, 512),
    device: m.device.slice(0, 512),
    type: m.type.slice(0, 64),
    size,
    used,
    free,
    usedPct: Math.min(100, usedPct),
    inodesUsed: Math.max(0, s.files - s.ffree),
    inodesTotal: Math.max(0, s.files),
  };
}

/**
 * statfs for each mount with a deadline. Node runs statfs on the libuv thread
 * pool, so a hung NFS server can hold a pool thread forever: such a mount is
 * left out of the sample, and no second call is issued for it until the first
 * returns, so hung mounts can never eat the whole pool or block the loop.
 */
export class FsUsageReader {
  private readonly inFlight = new Set<string>();
  private readonly hungReported = new Set<string>();

  /** `statfsSync` answers local filesystems; by default the real one, unless `statfs` is a stand-in (tests). */
  constructor(
    private readonly timeoutMs = 2000,
    private readonly statfs: StatfsFn = asyncStatfs,
    private readonly onHung: (mount: string) => void = () => {},
    private readonly statfsSync: StatfsSyncFn | null = statfs === asyncStatfs ? syncStatfs : null,
  ) {}

  /** Synchronous when every mount is local (the usual case): no promise, no wait for the next tick. */
  read(mounts: MountEntry[]): Filesystem[] | Promise<Filesystem[]> {
    const out: (Filesystem | null)[] = [];
    let waits: Promise<void>[] | null = null;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i]!;
      if (this.statfsSync && LOCAL_TYPES.has(m.type)) {
        out.push(this.readSync(m, this.statfsSync));
        continue;
      }
      out.push(null);
      (waits ??= []).push(this.readOne(m).then((r) => void (out[i] = r)));
    }
    const present = () => out.filter((r): r is Filesystem => r !== null);
    return waits ? Promise.all(waits).then(present) : present();
  }

  private readSync(m: MountEntry, statfs: StatfsSyncFn): Filesystem | null {
    try {
      return usageFromStatfs(m, statfs(m.mount));
    } catch {
      return null;
    }
  }

  isPending(mount: string): boolean {
    return this.inFlight.has(mount);
  }

  private readOne(m: MountEntry): Promise<Filesystem | null> {
    if (this.inFlight.has(m.mount)) return Promise.resolve(null);
    this.inFlight.add(m.mount);
    const call = this.statfs(m.mount).then(
      (s) => usageFromStatfs(m, s),
      () => null,
    );
    void call.finally(() => {
      this.inFlight.delete(m.mount);
      this.hungReported.delete(m.mount);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        if (!this.hungReported.has(m.mount)) {
          this.hungReported.add(m.mount);
          this.onHung(m.mount);
        }
        resolve(null);
      }, this.timeoutMs);
      timer.unref?.();
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}
