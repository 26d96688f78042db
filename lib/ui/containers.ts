import type { Container } from '@/lib/wire/contract';
import { familySeries } from '@/lib/metrics/registry';

/**
 * The host page's Containers table and its stacked chart: filter, sort, and
 * which containers the stacked "CPU and memory by container" chart draws.
 * Pure and client-safe; rows are the wire contract's containers from the
 * newest sample.
 */
export const CONTAINER_SORTS = ['name', 'image', 'state', 'health', 'cpu', 'mem', 'net', 'uptime'] as const;
export type ContainerSort = (typeof CONTAINER_SORTS)[number];

/** Sorts that start largest first; the rest start A→Z. */
const NUMERIC: ReadonlySet<ContainerSort> = new Set(['cpu', 'mem', 'net', 'uptime']);
export const isNumericSort = (by: ContainerSort) => NUMERIC.has(by);

/** Case-insensitive on name, image, state, health and the short id. */
export function filterContainers<C extends Container>(rows: C[], filter: string): C[] {
  const q = filter.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((c) => c.name.toLowerCase().includes(q) || c.image.toLowerCase().includes(q) || c.state.includes(q) || c.health.includes(q) || c.id.startsWith(q));
}

/** How long it has been up at `now`, or null when it is not running (or the engine gave no start time). */
export function uptimeMs(c: Container, now: number): number | null {
  if (c.state !== 'running' || c.startedAt <= 0 || c.startedAt > now) return null;
  return now - c.startedAt;
}

const netOf = (c: Container) => c.netRxBps + c.netTxBps;

export function sortContainers<C extends Container>(rows: C[], by: ContainerSort, flip: boolean, now: number): C[] {
  const sign = flip ? -1 : 1;
  const cmp = (a: C, b: C): number => {
    switch (by) {
      case 'name':
        return a.name.localeCompare(b.name, 'en', { numeric: true });
      case 'image':
        return a.image.localeCompare(b.image);
      case 'state':
        return a.state.localeCompare(b.state);
      case 'health':
        return a.health.localeCompare(b.health);
      case 'cpu':
        return b.cpuPct - a.cpuPct;
      case 'mem':
        return b.memUsed - a.memUsed;
      case 'net':
        return netOf(b) - netOf(a);
      case 'uptime':
        return (uptimeMs(b, now) ?? -1) - (uptimeMs(a, now) ?? -1);
    }
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** At most this many containers are stacked (the rest are few percent each on a busy host); the series budget per read is 64. */
export const STACK_MAX = 12;

/**
 * The running containers the stacked chart draws, biggest by CPU then memory
 * first, and the series it reads for them (CPU and memory of each). A name
 * holding a comma cannot be asked for (the API splits the list on commas).
 */
export function stackedContainers(rows: readonly Container[]): { names: string[]; cpu: string[]; mem: string[] } {
  const names = rows
    .filter((c) => c.state === 'running' && !c.name.includes(','))
    .sort((a, b) => b.cpuPct - a.cpuPct || b.memUsed - a.memUsed || a.name.localeCompare(b.name))
    .slice(0, STACK_MAX)
    .map((c) => c.name);
  return { names, cpu: names.map((n) => familySeries('ctr.cpu', n)), mem: names.map((n) => familySeries('ctr.mem', n)) };
}

/** "running", "exited", "running · unhealthy": what the state cell says. */
export function stateText(c: Container): string {
  return c.health === 'none' ? c.state : `${c.state} · ${c.health}`;
}

/** Whether the row needs attention: stopped abnormally, or unhealthy. */
export function containerTone(c: Container): 'ok' | 'warn' | 'bad' | 'idle' {
  if (c.health === 'unhealthy' || c.state === 'dead' || c.state === 'restarting') return 'bad';
  if (c.state === 'running') return c.health === 'starting' ? 'warn' : 'ok';
  if (c.state === 'paused') return 'warn';
  return 'idle';
}
