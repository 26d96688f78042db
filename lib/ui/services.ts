import type { Service } from '@/lib/wire/contract';

/**
 * The host page's Services table: filter and sort. Pure and client-safe;
 * rows are the wire contract's services from the newest sample. The default
 * order puts failed services first, then those not running, then by name.
 */
export const SERVICE_SORTS = ['status', 'name', 'state', 'restarts', 'cpu', 'mem'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];

const NUMERIC: ReadonlySet<ServiceSort> = new Set(['restarts', 'cpu', 'mem']);
export const isNumericSort = (by: ServiceSort) => NUMERIC.has(by);

/** Running as far as a user cares: serving (reloading and deactivating still serve). */
export const isRunning = (s: Service) => s.state === 'active' || s.state === 'reloading' || s.state === 'deactivating';

/** 0 failed, 1 starting or otherwise in between, 2 inactive, 3 running: the "status" order. */
export function statusRank(s: Service): number {
  if (s.state === 'failed') return 0;
  if (isRunning(s)) return 3;
  if (s.state === 'inactive') return 2;
  return 1;
}

/** Case-insensitive on name, state and sub-state. */
export function filterServices<S extends Service>(rows: S[], filter: string): S[] {
  const q = filter.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((s) => s.name.toLowerCase().includes(q) || s.state.includes(q) || s.subState.toLowerCase().includes(q));
}

const byName = (a: Service, b: Service) => a.name.localeCompare(b.name, 'en', { numeric: true });

export function sortServices<S extends Service>(rows: S[], by: ServiceSort, flip: boolean): S[] {
  const sign = flip ? -1 : 1;
  const cmp = (a: S, b: S): number => {
    switch (by) {
      case 'status':
        return statusRank(a) - statusRank(b);
      case 'name':
        return byName(a, b);
      case 'state':
        return a.state.localeCompare(b.state) || a.subState.localeCompare(b.subState);
      case 'restarts':
        return b.restarts - a.restarts;
      case 'cpu':
        return b.cpuPct - a.cpuPct;
      case 'mem':
        return b.memUsed - a.memUsed;
    }
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || byName(a, b));
}

export function serviceTone(s: Service): 'ok' | 'warn' | 'bad' | 'idle' {
  if (s.state === 'failed') return 'bad';
  if (isRunning(s)) return 'ok';
  if (s.state === 'inactive') return 'idle';
  return 'warn';
}

/** "3 services, 2 running, 1 failed". */
export function servicesSummary(rows: readonly Service[]): string {
  const running = rows.filter(isRunning).length;
  const failed = rows.filter((s) => s.state === 'failed').length;
  return `${rows.length} ${rows.length === 1 ? 'service' : 'services'}, ${running} running${failed > 0 ? `, ${failed} failed` : ''}`;
}
