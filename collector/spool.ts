import { closeSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';
import { listDir } from './proc/read';
import { appendDeadLetter } from './dead-letter';
import { lockSpoolDir } from './spool-lock';
import { encodeRecord, scanRecords } from './spool-record';
import { monotonicMs } from './clock';

/**
 * Append-only on-disk queue of samples waiting for the server.
 *
 * Files in the spool directory:
 * - `seg-<12 digits>.log`: records, one per line (spool-record.ts).
 *   A new segment starts when the current one reaches `segmentBytes`.
 * - `cursor.json`: `{seg, off, dropped}`: the first record not yet acknowledged, and
 *   how many samples the bound dropped that the server has not been told about.
 * - `dead-letter.jsonl`: batches the server rejected as invalid, with its reply.
 * - `lock`: the pid of the collector using the directory.
 *
 * Records are only ever appended; acknowledging moves the cursor and deletes
 * segments it has passed. After a crash a torn last record fails its checksum
 * (or lacks its newline) and is skipped, counted and truncated away.
 */
interface Ref {
  seg: number;
  off: number;
  len: number;
}

export interface SpoolOptions {
  maxBytes: number;
  segmentBytes?: number;
  log?: Logger;
  /**
   * Flush appended records to the device (fdatasync) so they survive a power
   * loss, not just a crashed process; at most every `syncEveryMs`.
   */
  sync?: boolean;
  syncEveryMs?: number;
}

/**
 * A flush per sample costs more than sampling the machine does (a device
 * write and cache flush each second); one every 10 s bounds a power loss to
 * the samples of the last 10 s, the same window a post interval leaves
 * unsent anyway. A crash or kill -9 loses nothing either way: appended
 * records are in the page cache.
 */
const SYNC_EVERY_MS = 10_000;

const segName = (n: number) => `seg-${String(n).padStart(12, '0')}.log`;
const SEG_RE = /^seg-(\d{12})\.log$/;

export { SpoolLockedError } from './spool-lock';

export class Spool {
  private refs: Ref[] = [];
  private head = 0;
  private segSizes = new Map<number, number>();
  private activeSeg = 0;
  private activeFd = -1;
  private syncing = false;
  private lastSyncAt = -Infinity;
  private unsynced = false;
  private lineBuf: Buffer = Buffer.allocUnsafe(0);
  /** Samples dropped by the bound and not yet reported to the server. */
  dropped = 0;
  readonly recovered = { pending: 0, torn: 0 };
  private readonly segmentBytes: number;

  private constructor(
    readonly dir: string,
    private readonly opts: SpoolOptions,
  ) {
    this.segmentBytes = opts.segmentBytes ?? Math.max(64 * 1024, Math.floor(opts.maxBytes / 16));
  }

  static open(dir: string, opts: SpoolOptions): Spool {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = new Spool(dir, opts);
    lockSpoolDir(dir);
    s.recover();
    return s;
  }

  private readCursor(): { seg: number; off: number } {
    try {
      const c = JSON.parse(readFileSync(path.join(this.dir, 'cursor.json'), 'utf8')) as { seg?: unknown; off?: unknown; dropped?: unknown };
      this.dropped = typeof c.dropped === 'number' && c.dropped > 0 ? c.dropped : 0;
      if (typeof c.seg === 'number' && typeof c.off === 'number') return { seg: c.seg, off: c.off };
    } catch {
      // missing or unreadable cursor: everything on disk is pending, resending is safe (the server deduplicates)
    }
    return { seg: 0, off: 0 };
  }

  private recover(): void {
    const cursor = this.readCursor();
    const segs = listDir(this.dir)
      .map((f) => SEG_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seg of segs) {
      const file = path.join(this.dir, segName(seg));
      if (seg < cursor.seg) {
        unlinkSync(file);
        continue;
      }
      const data = readFileSync(file);
      const { records, goodEnd, torn } = scanRecords(data, seg > cursor.seg ? 0 : cursor.off);
      for (const r of records) this.refs.push({ seg, ...r });
      this.recovered.torn += torn;
      // A torn tail (crash mid-write) is cut off so the next append starts on a clean line.
      if (goodEnd < data.length && seg === segs[segs.length - 1]) {
        const fd = openSync(file, 'r+');
        ftruncateSync(fd, goodEnd);
        closeSync(fd);
      }
      this.segSizes.set(seg, seg === segs[segs.length - 1] ? goodEnd : data.length);
      this.activeSeg = seg;
    }
    this.recovered.pending = this.refs.length;
    if (this.recovered.torn > 0) {
      this.opts.log?.warn('spool: skipped damaged records', { count: this.recovered.torn, dir: this.dir });
    }
    if (this.segSizes.size === 0) this.activeSeg = cursor.seg + 1; // never reuse the cursor's segment number with a stale offset
    this.openActive();
    this.trim();
  }

  private openActive(): void {
    if (this.activeFd >= 0) {
      this.syncNow();
      closeSync(this.activeFd);
    }
    this.activeFd = openSync(path.join(this.dir, segName(this.activeSeg)), 'a', 0o600);
    if (!this.segSizes.has(this.activeSeg)) this.segSizes.set(this.activeSeg, fstatSync(this.activeFd).size);
  }

  append(json: string): void {
    if ((this.segSizes.get(this.activeSeg) ?? 0) >= this.segmentBytes) {
      this.activeSeg++;
      this.openActive();
    }
    // One reused buffer per spool: a sample a second would otherwise allocate two copies of itself.
    const { buf: line, len } = encodeRecord(json, this.lineBuf);
    this.lineBuf = line;
    const off = this.segSizes.get(this.activeSeg) ?? 0;
    writeSync(this.activeFd, line, 0, len);
    this.segSizes.set(this.activeSeg, off + len);
    this.refs.push({ seg: this.activeSeg, off, len });
    this.unsynced = true;
    const now = monotonicMs();
    if (this.opts.sync !== false && !this.syncing && now - this.lastSyncAt >= (this.opts.syncEveryMs ?? SYNC_EVERY_MS)) {
      this.syncing = true;
      this.lastSyncAt = now;
      this.unsynced = false;
      fdatasync(this.activeFd, () => {
        this.syncing = false;
      });
    }
    this.trim();
  }

  get pendingCount(): number {
    return this.refs.length - this.head;
  }

  /** Bytes of segment files on disk. */
  get diskBytes(): number {
    let n = 0;
    for (const v of this.segSizes.values()) n += v;
    return n;
  }

  /** Oldest pending sample JSON strings, at most `maxCount` and about `maxBytes` (always at least one). */
  peek(maxCount: number, maxBytes: number): string[] {
    const out: string[] = [];
    let bytes = 0;
    let i = this.head;
    while (i < this.refs.length && out.length < maxCount) {
      const seg = this.refs[i]!.seg;
      let j = i;
      while (j < this.refs.length && this.refs[j]!.seg === seg && out.length + (j - i) < maxCount) {
        if (out.length + (j - i) > 0 && bytes + this.refs[j]!.len > maxBytes) break;
        bytes += this.refs[j]!.len;
        j++;
      }
      if (j === i) break;
      const first = this.refs[i]!;
      const last = this.refs[j - 1]!;
      const buf = Buffer.allocUnsafe(last.off + last.len - first.off);
      const fd = openSync(path.join(this.dir, segName(seg)), 'r');
      try {
        readSync(fd, buf, 0, buf.length, first.off);
      } finally {
        closeSync(fd);
      }
      for (let k = i; k < j; k++) {
        const r = this.refs[k]!;
        out.push(buf.toString('utf8', r.off - first.off + 9, r.off - first.off + r.len - 1));
      }
      i = j;
      if (j < this.refs.length && this.refs[j]!.seg === seg) break; // stopped on size or count
    }
    return out;
  }

  /** The server stored the oldest `count` records: forget them. */
  ack(count: number): void {
    this.head = Math.min(this.refs.length, this.head + count);
    this.release();
  }

  /** Tell the spool the server has now been told about `n` dropped samples. */
  reportedDropped(n: number): void {
    this.dropped = Math.max(0, this.dropped - n);
    this.writeCursor();
  }

  /** Keep a batch the server rejected as invalid, with its answer, then forget it from the queue. */
  deadLetter(records: string[], info: { status: number; message: string }): void {
    appendDeadLetter(this.dir, records, info);
    this.ack(records.length);
  }

  /** Keep the spool within maxBytes by dropping whole oldest segments. */
  private trim(): void {
    let dropped = 0;
    while (this.diskBytes > this.opts.maxBytes && this.segSizes.size > 1) {
      const oldest = Math.min(...this.segSizes.keys());
      while (this.head < this.refs.length && this.refs[this.head]!.seg === oldest) {
        this.head++;
        dropped++;
      }
      this.segSizes.delete(oldest);
      unlinkSync(path.join(this.dir, segName(oldest)));
    }
    if (dropped > 0) {
      this.dropped += dropped;
      this.opts.log?.warn('spool full: dropped oldest samples', { dropped, maxBytes: this.opts.maxBytes });
      this.release();
    }
  }

  private release(): void {
    const cursor = this.writeCursor();
    for (const seg of [...this.segSizes.keys()]) {
      if (seg < cursor.seg) {
        this.segSizes.delete(seg);
        unlinkSync(path.join(this.dir, segName(seg)));
      }
    }
    // Compact the in-memory index once the consumed prefix dominates it.
    if (this.head > 1024 && this.head * 2 > this.refs.length) {
      this.refs = this.refs.slice(this.head);
      this.head = 0;
    }
  }

  /** Writes where the first unacknowledged record is (or the end, when none is), and returns it. */
  private writeCursor(): { seg: number; off: number } {
    const next = this.refs[this.head];
    const cursor = next ? { seg: next.seg, off: next.off } : { seg: this.activeSeg, off: this.segSizes.get(this.activeSeg) ?? 0 };
    const file = path.join(this.dir, 'cursor.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...cursor, dropped: this.dropped }), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return cursor;
  }

  /** Flush what was appended since the last flush (a segment being closed, shutdown). */
  private syncNow(): void {
    if (this.opts.sync === false || !this.unsynced) return;
    this.unsynced = false;
    try {
      fdatasyncSync(this.activeFd);
    } catch {
      // the page cache still has it; the next flush or the kernel's writeback will do
    }
  }

  close(): void {
    if (this.activeFd >= 0) {
      this.syncNow();
      closeSync(this.activeFd);
    }
    this.activeFd = -1;
    try {
      if (readFileSync(path.join(this.dir, 'lock'), 'utf8') === String(process.pid)) unlinkSync(path.join(this.dir, 'lock'));
    } catch {
      // already gone
    }
  }
}
