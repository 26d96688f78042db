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
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state) of proc(5); field N is f[N - 3].
  if (!Number.isFinite(pid) || f.length < 22) return null;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: f[0]!,
    ticks: Number(f[11]) + Number(f[12]),
    threads: Number(f[17]),
    starttime: Number(f[19]),
    rssPages: Math.max(0, Number(f[21])),
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
