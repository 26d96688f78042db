import type { ProcessInfo } from '../../lib/wire/contract';
import { clampPct, round2 } from './counter';
import { newPidStatScan, parseCmdline, parsePasswd, parseStatusUid, scanPidStat } from './pid-stat';
import { WatchCounter, type WatchSlot } from './process-watch';
import { closeQuietly, listDir, openOrNull, preadBytes, procBuffer, readText } from './read';
import { monotonicMs } from '../clock';

export interface ProcessSummary {
  total: number;
  running: number;
  top: ProcessInfo[];
  /** Per watched pattern, how many processes match it; absent without patterns. */
  watched?: { pattern: string; count: number }[];
}

/**
 * One process as the sampler remembers it between intervals. Records live as
 * long as their process and are updated in place, so a scan of a steady
 * process table allocates nothing per process.
 */
interface Proc extends WatchSlot {
  pid: number;
  /** Kept-open /proc/[pid]/stat, or -1 beyond the descriptor budget. */
  fd: number;
  starttime: number;
  ticks: number;
  /** CPU ticks over the last interval. */
  delta: number;
  rssPages: number;
  threads: number;
  comm: string;
  state: string;
  /** Scan that last saw it; records not seen in the current scan are gone. */
  seenIn: number;
  /** User and command line, re-read once a minute: they rarely change. */
  user: string;
  command: string;
  /** The command line `command` was redacted from, when short enough to keep (see readMeta). */
  rawCommand: string | null;
  metaAt: number;
}

/** Raw command lines up to this long are kept to skip redacting an unchanged one again; longer ones are redacted each time. */
const KEEP_RAW_COMMAND = 1024;

const META_TTL_MS = 60_000;
/** Keep at most this many stat files open; beyond it, open and close per read. */
const MAX_OPEN_FDS = 2048;

/** One-character process states (nearly all of them) without a string per read. */
const CHARS = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

export interface ProcessSamplerOptions {
  procRoot?: string;
  passwdPath?: string;
  pageSize: number;
  clockTicks: number;
  topN?: number;
  /** Monotonic milliseconds, for the once-a-minute refresh of users and command lines (tests inject one). */
  clock?: () => number;
}

/**
 * Per-process CPU over the interval from /proc/[pid]/stat deltas. Every pid's
 * stat is read each interval (one pread on a kept-open descriptor, parsed in
 * place); status and cmdline only for the few that make the top lists. A
 * process that exits between the directory listing and any of these reads is
 * simply left out. With watched patterns every process is counted too
 * (process-watch.ts), reading a process's cmdline once in its life.
 */
export class ProcessSampler {
  private readonly watch: WatchCounter;
  private procs = new Map<number, Proc>();
  private openFds = 0;
  private scan = 0;
  private users = new Map<number, string>();
  private usersLoadedAt = -Infinity;
  private readonly fields = newPidStatScan();
  private readonly byCpu: Proc[] = [];
  private readonly byMem: Proc[] = [];
  private readonly procRoot: string;
  private readonly topN: number;

  constructor(private readonly opts: ProcessSamplerOptions) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.topN = opts.topN ?? 15;
    this.watch = new WatchCounter(this.procRoot, opts.clockTicks);
  }

  /**
   * The patterns to count on every scan (from the server's reply); true when
   * they changed. An empty list stops the counting and its reads.
   */
  setWatch(patterns: readonly string[]): boolean {
    return this.watch.set(patterns);
  }

  /** Command lines read for watched patterns since start (tests, benchmarks). */
  get watchCmdlineReads(): number {
    return this.watch.cmdlineReads;
  }

  /**
   * @param machineTicks jiffies of all CPUs together over the interval (the /proc/stat `cpu` line delta),
   *   so a process's share is of the whole machine: all cores busy = 100.
   * @param uptimeTicks clock ticks since boot at this read, to credit processes born during the interval.
   */
  sample(machineTicks: number, uptimeTicks: number, memTotal: number, btimeSec: number, intervalTicks: number): ProcessSummary {
    const first = this.scan === 0;
    const scan = ++this.scan;
    let total = 0;
    let running = 0;
    this.byCpu.length = 0;
    this.byMem.length = 0;
    const watch = this.watch.active ? this.watch : null;
    watch?.begin();
    for (const name of listDir(this.procRoot)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const p = this.read(Number(name), first, uptimeTicks, intervalTicks);
      if (!p) continue;
      p.seenIn = scan;
      total++;
      if (p.state === 'R') running++;
      // A zombie (or a dead task) is not running, whatever its name: "is nginx running" must not count one.
      if (watch && p.state !== 'Z' && p.state !== 'X') watch.add(p, p.pid, p.comm, p.starttime, uptimeTicks);
      this.rank(this.byCpu, p, byDelta);
      this.rank(this.byMem, p, byRss);
    }
    for (const p of this.procs.values()) {
      if (p.seenIn === scan) continue;
      this.forget(p);
    }

    // The union, CPU leaders first; a process in both lists appears once.
    const chosen = this.byCpu;
    for (const p of this.byMem) if (!chosen.includes(p)) chosen.push(p);
    const top: ProcessInfo[] = [];
    const now = (this.opts.clock ?? monotonicMs)();
    for (const p of chosen) {
      if (now - p.metaAt > META_TTL_MS && !this.readMeta(p, now)) continue; // exited after its stat was read
      const rss = p.rssPages * this.opts.pageSize;
      top.push({
        pid: p.pid,
        name: p.comm.slice(0, 256),
        user: p.user,
        state: p.state.slice(0, 16),
        cpuPct: machineTicks > 0 ? round2(clampPct((p.delta / machineTicks) * 100)) : 0,
        rss,
        memPct: memTotal > 0 ? round2(clampPct((rss / memTotal) * 100)) : 0,
        threads: Math.max(0, p.threads),
        startedAt: Math.round(btimeSec * 1000 + (p.starttime * 1000) / this.opts.clockTicks),
        command: p.command,
      });
    }
    top.sort((a, b) => b.cpuPct - a.cpuPct || b.rss - a.rss);
    return watch ? { total, running, top, watched: watch.result() } : { total, running, top };
  }

  /**
   * Reads one process's stat and updates its record; null when it has gone.
   * A reused pid has a new /proc entry, so a kept descriptor of its
   * predecessor reads as gone and is replaced.
   */
  private read(pid: number, first: boolean, uptimeTicks: number, intervalTicks: number): Proc | null {
    let p = this.procs.get(pid);
    let len = p && p.fd >= 0 ? preadBytes(p.fd, true) : -1;
    if (!p || len <= 0 || !scanPidStat(procBuffer(), len, this.fields)) {
      if (p) this.closeFd(p);
      len = this.openAndRead(pid, p);
      p = this.procs.get(pid);
      if (!p || len <= 0 || !scanPidStat(procBuffer(), len, this.fields)) {
        if (p) this.forget(p);
        return null;
      }
    }
    const f = this.fields;
    const b = procBuffer();
    const same = p.starttime === f.starttime && p.seenIn > 0;
    let delta = 0;
    if (same) delta = Math.max(0, f.ticks - p.ticks);
    else if (!first && f.starttime >= uptimeTicks - intervalTicks) delta = f.ticks; // born during the interval
    if (!same) {
      p.metaAt = -Infinity; // a new process behind this pid: its user and command are unknown
      p.rawCommand = null;
      p.watchGen = -1;
    }
    p.starttime = f.starttime;
    p.delta = delta;
    p.ticks = f.ticks;
    p.rssPages = f.rssPages;
    p.threads = f.threads;
    if (!sameText(p.comm, b, f.commStart, f.commEnd)) {
      p.comm = b.toString('latin1', f.commStart, f.commEnd);
      p.rawCommand = null; // a command shown as its name ([comm], no command line) must follow the new name
      p.watchGen = -1; // renamed, or exec'd another program (same pid and start time): match it again
    }
    p.state = f.stateEnd - f.stateStart === 1 && b[f.stateStart]! < 128 ? CHARS[b[f.stateStart]!]! : b.toString('latin1', f.stateStart, f.stateEnd);
    return p;
  }

  /** Opens (or, past the budget, just reads) /proc/[pid]/stat, creating the record if needed; length read or -1. */
  private openAndRead(pid: number, p: Proc | undefined): number {
    const fd = openOrNull(`${this.procRoot}/${pid}/stat`);
    if (fd === null) return -1;
    const len = preadBytes(fd, true);
    if (len <= 0) {
      closeQuietly(fd);
      return -1;
    }
    let keep = fd;
    if (this.openFds >= MAX_OPEN_FDS) {
      closeQuietly(fd);
      keep = -1;
    } else this.openFds++;
    if (p) p.fd = keep;
    else {
      this.procs.set(pid, {
        pid,
        fd: keep,
        starttime: -1,
        ticks: 0,
        delta: 0,
        rssPages: 0,
        threads: 0,
        comm: '',
        state: '',
        seenIn: 0,
        user: '',
        command: '',
        rawCommand: null,
        metaAt: -Infinity,
        watchGen: -1,
        watchHits: [],
        watchSettled: false,
      });
    }
    return len;
  }

  private closeFd(p: Proc): void {
    if (p.fd < 0) return;
    closeQuietly(p.fd);
    p.fd = -1;
    this.openFds--;
  }

  private forget(p: Proc): void {
    this.closeFd(p);
    this.procs.delete(p.pid);
  }

  /** Keeps `list` as the top N by `cmp`, in the order a stable sort of all processes would give. */
  private rank(list: Proc[], p: Proc, cmp: (a: Proc, b: Proc) => number): void {
    const n = this.topN;
    if (list.length === n && cmp(list[n - 1]!, p) <= 0) return;
    let i = list.length < n ? list.length : n - 1;
    while (i > 0 && cmp(list[i - 1]!, p) > 0) {
      list[i] = list[i - 1]!;
      i--;
    }
    list[i] = p;
  }

  private readMeta(p: Proc, now: number): boolean {
    const uid = parseStatusUid(readText(`${this.procRoot}/${p.pid}/status`));
    const cmd = readText(`${this.procRoot}/${p.pid}/cmdline`);
    if (uid === null || cmd === null) return false;
    p.user = this.userName(uid);
    // Redaction is most of a refresh's cost and a command line seldom changes: an unchanged one (and name) keeps its result.
    if (cmd !== p.rawCommand) {
      p.command = parseCmdline(cmd, p.comm);
      p.rawCommand = cmd.length <= KEEP_RAW_COMMAND ? cmd : null;
    }
    p.metaAt = now;
    return true;
  }

  private userName(uid: number): string {
    let name = this.users.get(uid);
    // A user added after start-up: reload /etc/passwd, but at most once a minute.
    if (name === undefined && monotonicMs() - this.usersLoadedAt > 60_000) {
      this.usersLoadedAt = monotonicMs();
      this.users = parsePasswd(readText(this.opts.passwdPath ?? '/etc/passwd') ?? '');
      name = this.users.get(uid);
    }
    return (name ?? String(uid)).slice(0, 64);
  }
}

/** Orders for the top lists: positive when `b` ranks above `a`. */
const byDelta = (a: Proc, b: Proc) => b.delta - a.delta;
const byRss = (a: Proc, b: Proc) => b.rssPages - a.rssPages;

function sameText(s: string, b: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== b[start + i]) return false;
  return true;
}
