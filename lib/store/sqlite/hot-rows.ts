import 'server-only';
import type { BucketAggs } from '@/lib/metrics/rollup';

interface Hot {
  /** The newest bucket of each rollup tier this process wrote, parsed: the next batch of a steady host adds to it. */
  rollups: Map<number, { bucket: number; aggs: BucketAggs }>;
  /** latest_ts of the host's state row, or null when it has none yet. */
  latestTs?: number | null;
  /** The newest minute slot known to hold a process snapshot. */
  snapshotSlot?: number;
}

/** Hosts kept; past it the least recently written is dropped and read from the database again. */
const MAX_HOSTS = 20_000;

/**
 * What ingest would otherwise read back on every batch: the current rollup
 * buckets, the state row's newest timestamp and the snapshot slot. Exact,
 * because this process is the only writer of the file; on any failed write
 * the host (or, for a failed group, everything) is forgotten and read again.
 */
export class HotRows {
  private readonly hosts = new Map<number, Hot>();

  private of(seq: number): Hot {
    let hot = this.hosts.get(seq);
    if (hot) {
      this.hosts.delete(seq);
    } else {
      hot = { rollups: new Map() };
      if (this.hosts.size >= MAX_HOSTS) this.hosts.delete(this.hosts.keys().next().value!);
    }
    this.hosts.set(seq, hot);
    return hot;
  }

  rollup(seq: number, tier: number, bucket: number, load: () => BucketAggs): BucketAggs {
    const hot = this.of(seq);
    const cached = hot.rollups.get(tier);
    if (cached?.bucket === bucket) return cached.aggs;
    const aggs = load();
    // A late sample's older bucket is read and written, but does not displace the current one.
    if (!cached || bucket > cached.bucket) hot.rollups.set(tier, { bucket, aggs });
    return aggs;
  }

  latestTs(seq: number, load: () => number | null): number | null {
    const hot = this.of(seq);
    if (hot.latestTs === undefined) hot.latestTs = load();
    return hot.latestTs;
  }

  setLatestTs(seq: number, ts: number): void {
    this.of(seq).latestTs = ts;
  }

  /** Whether the slot already has a snapshot: known for the newest slot, asked otherwise. */
  hasSnapshot(seq: number, slot: number, load: () => boolean): boolean {
    const hot = this.of(seq);
    if (hot.snapshotSlot === slot) return true;
    return load();
  }

  /** The newest slot known to hold a snapshot, for the planner (which then makes no snapshot text for it). */
  filledSlot(seq: number): number | undefined {
    return this.hosts.get(seq)?.snapshotSlot;
  }

  markSnapshot(seq: number, slot: number): void {
    const hot = this.of(seq);
    if (hot.snapshotSlot === undefined || slot > hot.snapshotSlot) hot.snapshotSlot = slot;
  }

  forget(seq: number): void {
    this.hosts.delete(seq);
  }

  clear(): void {
    this.hosts.clear();
  }
}
