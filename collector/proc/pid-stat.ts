import { redactCmdline } from '../redact-args';
/** The fields of /proc/[pid]/stat the collector uses. */
export interface PidStat {
  pid: number;
  comm: string;
  state: string;
  /** utime + stime, clock ticks. */
  ticks: number;
  threads: number;
  /** Clock ticks after boot. */
  starttime: number;
  rssPages: number;
}

/** /proc/[pid]/stat as positions and numbers, filled in place by scanPidStat so a scan allocates nothing. */
export interface PidStatScan {
  pid: number;
  /** comm is bytes [commStart, commEnd); state is [stateStart, stateEnd). */
  commStart: number;
  commEnd: number;
  stateStart: number;
  stateEnd: number;
  ticks: number;
  threads: number;
  starttime: number;
  rssPages: number;
}

export function newPidStatScan(): PidStatScan {
  return { pid: 0, commStart: 0, commEnd: 0, stateStart: 0, stateEnd: 0, ticks: 0, threads: 0, starttime: 0, rssPages: 0 };
}

/**
 * comm sits in parentheses and may itself contain spaces and ')', so the
 * numeric fields are taken after the last ')'. Runs for every process every
 * interval, straight on the bytes read: no line split, no strings.
 * Field numbers as in proc(5): 3 state, 14 utime, 15 stime, 20 num_threads, 22 starttime, 24 rss.
 */
export function scanPidStat(b: Uint8Array, len: number, out: PidStatScan): boolean {
  let open = -1;
  for (let i = 0; i < len; i++) {
    if (b[i] === 40) {
      open = i;
      break;
    }
  }
  let close = -1;
  for (let i = len - 1; i > open; i--) {
    if (b[i] === 41) {
      close = i;
      break;
    }
  }
  if (open < 0 || close < 0) return false;
  let pid = 0;
  let digits = 0;
  for (let i = 0; i < open; i++) {
    const c = b[i]! - 48;
    if (c >= 0 && c <= 9) {
      pid = pid * 10 + c;
      digits++;
    } else if (digits > 0) break;
  }
  if (digits === 0) return false;
  let field = 3;
  let pos = close + 2;
  let utime = 0;
  let stime = 0;
  out.stateStart = out.stateEnd = pos;
  while (pos < len && field <= 24) {
    let end = pos;
    while (end < len && b[end] !== 32) end++;
    if (field === 3) {
      out.stateStart = pos;
      out.stateEnd = end;
    } else if (field === 14 || field === 15 || field === 20 || field === 22 || field === 24) {
      let v = 0;
      for (let i = pos; i < end; i++) {
        const c = b[i]! - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (field === 14) utime = v;
      else if (field === 15) stime = v;
      else if (field === 20) out.threads = v;
      else if (field === 22) out.starttime = v;
      else out.rssPages = v;
    }
    pos = end + 1;
    field++;
  }
  if (field <= 24) return false;
  out.pid = pid;
  out.commStart = open + 1;
  out.commEnd = close;
  out.ticks = utime + stime;
  return true;
}

/** The same fields from text (tests, one-off reads). */
export function parsePidStat(text: string | null): PidStat | null {
  if (!text) return null;
  const scan = newPidStatScan();
  if (!scanPidStat(Buffer.from(text, 'latin1'), text.length, scan)) return null;
  return {
    pid: scan.pid,
    comm: text.slice(scan.commStart, scan.commEnd),
    state: text.slice(scan.stateStart, scan.stateEnd),
    ticks: scan.ticks,
    threads: scan.threads,
    starttime: scan.starttime,
    rssPages: scan.rssPages,
  };
}

/** Real uid from /proc/[pid]/status. */
export function parseStatusUid(text: string | null): number | null {
  if (!text) return null;
  const i = text.indexOf('\nUid:');
  if (i < 0) return null;
  const uid = Number.parseInt(text.slice(i + 5).trimStart(), 10);
  return Number.isFinite(uid) ? uid : null;
}

/** NUL-separated argv to one line, cut at 200 characters; kernel threads have none and show as [name]. */
export function parseCmdline(text: string | null, comm: string): string {
  // Secrets go before the cut, so a cut can never leave part of one unrecognised.
  const line = redactCmdline(text ?? '').trim();
  return (line === '' ? `[${comm}]` : line).slice(0, 200);
}

/** uid → user name from /etc/passwd. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3) continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && !users.has(uid)) users.set(uid, f[0]!);
  }
  return users;
}
