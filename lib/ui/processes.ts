/**
 * The process table's filter and sort. Pure and client-safe; rows are the
 * wire contract's processes.
 */
export interface ProcessRow {
  pid: number;
  name: string;
  user: string;
  cpuPct: number;
  memPct: number;
  rss: number;
  command: string;
}

/** Linux keeps a process's name (comm) in 16 bytes: 15 characters and a NUL. */
export const COMM_MAX = 15;

const basename = (token: string) => token.slice(token.lastIndexOf('/') + 1);

/**
 * The process's name as its user knows it: the kernel's comm, which Linux
 * cuts at 15 characters, unless the command line shows the whole of it — the
 * basename of argv[0] (`/opt/app/bin/my-long-service-name`), or for a script
 * the script's own file (`python3 /srv/long_report_builder.py`; comm is the
 * script name there), when it starts with the comm, or the command line
 * itself when a process retitled itself with it. A name under 15
 * characters was not cut, and a kernel thread (`[kworker/0:1]`) has no
 * command line to read it from: both are shown as they are.
 */
export function processName(p: Pick<ProcessRow, 'name' | 'command'>): string {
  if (p.name.length < COMM_MAX || p.command.startsWith('[')) return p.name;
  // The command is argv joined by spaces, so a path holding a space is split: try every cut at a space, argv[0]'s first.
  const tokens = p.command.split(' ');
  for (let end = 1; end <= tokens.length; end++) {
    const prefix = basename(tokens.slice(0, end).join(' '));
    // A basename with a space in it ran into the arguments ("name --flag"): not a file name.
    if (!prefix.includes(' ') && prefix.length > p.name.length && prefix.startsWith(p.name)) return prefix;
  }
  for (const token of tokens.slice(1)) {
    const base = basename(token);
    if (base.length > p.name.length && base.startsWith(p.name)) return base;
  }
  // A process that retitled itself ("next-build (v16.4.6)"): its command continues the name within a word, so it is the name.
  if (p.command.length > p.name.length && p.command.startsWith(p.name) && p.command[p.name.length] !== ' ') return p.command;
  return p.name;
}

export const PROCESS_SORTS = ['cpu', 'mem', 'name', 'pid'] as const;
export type ProcessSort = (typeof PROCESS_SORTS)[number];

export function filterProcesses<R extends ProcessRow>(rows: R[], filter: string): R[] {
  const q = filter.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((r) => r.name.toLowerCase().includes(q) || r.command.toLowerCase().includes(q) || r.user.toLowerCase().includes(q) || String(r.pid) === q);
}

/** Numbers sort largest first by default, names A→Z; `flip` reverses. Ties keep a stable pid order. */
export function sortProcesses<R extends ProcessRow>(rows: R[], by: ProcessSort, flip = false): R[] {
  const sign = flip ? -1 : 1;
  const cmp = (a: R, b: R): number => {
    switch (by) {
      case 'cpu':
        return b.cpuPct - a.cpuPct || b.memPct - a.memPct;
      case 'mem':
        return b.rss - a.rss || b.cpuPct - a.cpuPct;
      case 'name':
        return processName(a).localeCompare(processName(b));
      case 'pid':
        return a.pid - b.pid;
    }
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || a.pid - b.pid);
}
