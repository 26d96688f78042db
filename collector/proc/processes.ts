import type { ProcessInfo } from '../../lib/wire/contract';
import { clampPct, round2 } from './counter';
import { parseCmdline, parsePasswd, parsePidStat, parseStatusUid, type PidStat } from './pid-stat';
import { closeQuietly, listDir, openOrNull, preadText, readText } from './read';

export interface ProcessSummary {
  total: number;
  running: number;
  top: ProcessInfo[];
}

interface Prev {
  ticks: number;
  starttime: number;
}

/** User and command line of a process (keyed by pid and start time), re-read once a minute: they rarely change. */
interface Meta {
  starttime: number;
  user: string;
  command: string;
  readAt: number;
}

const META_TTL_MS = 60_000;
/** Keep at most this many stat files open; beyond it, open and close per read. */
const MAX_OPEN_FDS = 2048;

export interface ProcessSamplerOptions {
  procRoot?: string;
  passwdPath?: string;
  pageSize: number;
  clockTicks: number;
  topN?: number;
}

/**
 * Per-process CPU over the interval from /proc/[pid]/stat deltas. Every pid's
 * stat is read each interval; status and cmdline only for the few that make
 * the top lists. A process that exits between the directory listing and any of
 * these reads is simply left out.
 */
export class ProcessSampler {
  private prev = new Map<number, Prev>();
  private next = new Map<number, Prev>();
  private users = new Map<number, string>();
  private usersLoadedAt = -Infinity;
  private fds = new Map<number, number>();
  private meta = new Map<number, Meta>();
  private seen = new Set<number>();
  private readonly procRoot: string;
  private readonly topN: number;

  constructor(private readonly opts: ProcessSamplerOptions) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.topN = opts.topN ?? 15;
  }

  /**
   * @param machineTicks jiffies of all CPUs together over the interval (the /proc/stat `cpu` line delta),
   *   so a process's share is of the whole machine: all cores busy = 100.
   * @param uptimeTicks clock ticks since boot at this read, to credit processes born during the interval.
   */
  sample(machineTicks: number, uptimeTicks: number, memTotal: number, btimeSec: number, intervalTicks: number): ProcessSummary {
    const stats: { s: PidStat; delta: number }[] = [];
    let running = 0;
    const first = this.prev.size === 0;
    for (const name of listDir(this.procRoot)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const s = parsePidStat(this.readStat(name));
      if (!s) continue;
      this.seen.add(s.pid);
      if (s.state === 'R') running++;
      const p = this.prev.get(s.pid);
      let delta = 0;
      if (p && p.starttime === s.starttime) delta = Math.max(0, s.ticks - p.ticks);
      else if (!first && s.starttime >= uptimeTicks - intervalTicks) delta = s.ticks; // born during the interval
      this.next.set(s.pid, { ticks: s.ticks, starttime: s.starttime });
      stats.push({ s, delta });
    }
    [this.prev, this.next] = [this.next, this.prev];
    this.next.clear();
    for (const [pid, fd] of this.fds) {
      if (this.seen.has(pid)) continue;
      closeQuietly(fd);
      this.fds.delete(pid);
    }
    for (const pid of this.meta.keys()) if (!this.seen.has(pid)) this.meta.delete(pid);
    this.seen.clear();

    const byCpu = [...stats].sort((a, b) => b.delta - a.delta).slice(0, this.topN);
    const byMem = stats.sort((a, b) => b.s.rssPages - a.s.rssPages).slice(0, this.topN);
    const chosen = new Map<number, { s: PidStat; delta: number }>();
    for (const e of byCpu) chosen.set(e.s.pid, e);
    for (const e of byMem) chosen.set(e.s.pid, e);

    const top: ProcessInfo[] = [];
    const now = performance.now();
    for (const { s, delta } of chosen.values()) {
      let m = this.meta.get(s.pid);
      if (!m || m.starttime !== s.starttime || now - m.readAt > META_TTL_MS) {
        const uid = parseStatusUid(readText(`${this.procRoot}/${s.pid}/status`));
        const cmd = readText(`${this.procRoot}/${s.pid}/cmdline`);
        if (uid === null || cmd === null) continue; // exited after its stat was read
        m = { starttime: s.starttime, user: this.userName(uid), command: parseCmdline(cmd, s.comm), readAt: now };
        this.meta.set(s.pid, m);
      }
      const rss = s.rssPages * this.opts.pageSize;
      top.push({
        pid: s.pid,
        name: s.comm.slice(0, 256),
        user: m.user,
        state: s.state.slice(0, 16),
        cpuPct: machineTicks > 0 ? round2(clampPct((delta / machineTicks) * 100)) : 0,
        rss,
        memPct: memTotal > 0 ? round2(clampPct((rss / memTotal) * 100)) : 0,
        threads: Math.max(0, s.threads),
        startedAt: Math.round(btimeSec * 1000 + (s.starttime * 1000) / this.opts.clockTicks),
        command: m.command,
      });
    }
    top.sort((a, b) => b.cpuPct - a.cpuPct || b.rss - a.rss);
    return { total: stats.length, running, top };
  }

  /** A process's stat through a kept-open descriptor; a reused pid has a new /proc entry, so a stale one reads as gone. */
  private readStat(name: string): string | null {
    const pid = Number(name);
    const path = `${this.procRoot}/${name}/stat`;
    const cached = this.fds.get(pid);
    if (cached !== undefined) {
      const text = preadText(cached);
      if (text !== null) return text;
      closeQuietly(cached);
      this.fds.delete(pid);
    }
    if (this.fds.size >= MAX_OPEN_FDS) return readText(path);
    const fd = openOrNull(path);
    if (fd === null) return null;
    const text = preadText(fd);
    if (text === null) closeQuietly(fd);
    else this.fds.set(pid, fd);
    return text;
  }

  private userName(uid: number): string {
    let name = this.users.get(uid);
    // A user added after start-up: reload /etc/passwd, but at most once a minute.
    if (name === undefined && performance.now() - this.usersLoadedAt > 60_000) {
      this.usersLoadedAt = performance.now();
      this.users = parsePasswd(readText(this.opts.passwdPath ?? '/etc/passwd') ?? '');
      name = this.users.get(uid);
    }
    return (name ?? String(uid)).slice(0, 64);
  }
}
