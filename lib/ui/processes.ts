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
        return a.name.localeCompare(b.name);
      case 'pid':
        return a.pid - b.pid;
    }
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || a.pid - b.pid);
}
