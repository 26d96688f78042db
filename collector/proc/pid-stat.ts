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

/**
 * comm sits in parentheses and may itself contain spaces and ')', so the
 * numeric fields are taken after the last ')'.
 */
export function parsePidStat(text: string | null): PidStat | null {
  if (!text) return null;
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number.parseInt(text.slice(0, open), 10);
  // Walk the space-separated fields after ')' without splitting the line: this runs for every
  // process every interval, and a split allocates some fifty strings each time.
  // Field numbers as in proc(5): 3 state, 14 utime, 15 stime, 20 num_threads, 22 starttime, 24 rss.
  let field = 3;
  let pos = close + 2;
  let state = '';
  let utime = 0;
  let stime = 0;
  let threads = 0;
  let starttime = 0;
  let rss = 0;
  while (pos < text.length && field <= 24) {
    let end = text.indexOf(' ', pos);
    if (end < 0) end = text.length;
    if (field === 3) state = text.slice(pos, end);
    else if (field === 14 || field === 15 || field === 20 || field === 22 || field === 24) {
      let v = 0;
      for (let i = pos; i < end; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (field === 14) utime = v;
      else if (field === 15) stime = v;
      else if (field === 20) threads = v;
      else if (field === 22) starttime = v;
      else rss = v;
    }
    pos = end + 1;
    field++;
  }
  if (!Number.isFinite(pid) || field <= 24) return null;
  return { pid, comm: text.slice(open + 1, close), state, ticks: utime + stime, threads, starttime, rssPages: rss };
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
  const line = (text ?? '').replace(/\0+$/, '').replace(/\0/g, ' ').trim();
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
