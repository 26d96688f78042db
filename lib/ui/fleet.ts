import type { DeviceTrouble } from '@/lib/metrics/device-entities';
import type { WorkloadTrouble } from '@/lib/metrics/workload-trouble';
import type { HostStatus } from '@/lib/query/host-status';
import type { SearchParamsLike } from './range';

/**
 * The fleet table's search, filters, sort and page, kept in the URL; and the
 * pure filtering and sorting over the one fleet answer. Client-safe.
 */

export type Status = HostStatus;

/** Every status, in the order the summary and the filter list them; the words each is shown with. */
export const STATUSES = ['online', 'stale', 'offline', 'waiting'] as const satisfies readonly Status[];
export const STATUS_WORDS: Record<Status, { short: string; long: string }> = {
  online: { short: 'online', long: 'online' },
  stale: { short: 'stale', long: 'stale' },
  offline: { short: 'offline', long: 'offline' },
  // Never reported: not an outage, and not counted as one.
  waiting: { short: 'waiting', long: 'waiting for a first report' },
};

/** The fields of a fleet row the table reads (the API's fleet entry satisfies it). */
export interface FleetRow {
  id: string;
  name: string;
  tags: string[];
  status: Status;
  disabled: boolean;
  lastSeen: number | null;
  os: string | null;
  bootTime: number | null;
  headline: {
    cpuPct: number;
    memPct: number | null;
    load1: number;
    diskPct: number | null;
    rxBps: number;
    txBps: number;
  } | null;
  /** A failing drive or a low battery (the fleet entry's field; absent from older servers' answers). */
  deviceTrouble?: DeviceTrouble | null;
  /** Failed services, containers in trouble (absent from older servers' answers). */
  workloadTrouble?: WorkloadTrouble | null;
}

export const SORT_KEYS = ['name', 'status', 'os', 'uptime', 'cpu', 'mem', 'disk', 'rx', 'tx', 'load', 'seen'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const STATUS_FILTERS = ['all', ...STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const PAGE_SIZE = 50;

export interface FleetQuery {
  q: string;
  status: StatusFilter;
  tag: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_FLEET_QUERY: FleetQuery = { q: '', status: 'all', tag: '', sort: 'name', dir: 'asc', page: 1 };

function param(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseFleetQuery(params: SearchParamsLike): FleetQuery {
  const status = param(params, 'status');
  const sort = param(params, 'sort');
  const page = Number(param(params, 'page'));
  return {
    q: (param(params, 'q') ?? '').slice(0, 200),
    status: (STATUS_FILTERS as readonly string[]).includes(status ?? '') ? (status as StatusFilter) : 'all',
    tag: (param(params, 'tag') ?? '').slice(0, 40),
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'name',
    dir: param(params, 'dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** Only what differs from the defaults, so a plain fleet URL stays plain. */
export function fleetSearch(query: FleetQuery): string {
  const out = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_FLEET_QUERY) as (keyof FleetQuery)[]) {
    if (query[key] !== DEFAULT_FLEET_QUERY[key]) out.set(key, String(query[key]));
  }
  return out.toString();
}

/** Ascending: what needs a look first. */
const STATUS_ORDER: Record<Status, number> = { offline: 0, stale: 1, waiting: 2, online: 3 };

/** Sort value of a row; null sorts last whatever the direction. */
function sortValue(row: FleetRow, key: SortKey, now: number): string | number | null {
  const h = row.headline;
  switch (key) {
    case 'name':
      return row.name.toLowerCase();
    case 'status':
      return STATUS_ORDER[row.status];
    case 'os':
      return row.os?.toLowerCase() ?? null;
    case 'uptime':
      return row.bootTime ? now - row.bootTime : null;
    case 'cpu':
      return h?.cpuPct ?? null;
    case 'mem':
      return h?.memPct ?? null;
    case 'disk':
      return h?.diskPct ?? null;
    case 'rx':
      return h?.rxBps ?? null;
    case 'tx':
      return h?.txBps ?? null;
    case 'load':
      return h?.load1 ?? null;
    case 'seen':
      return row.lastSeen;
  }
}

export function matchesQuery(row: FleetRow, query: Pick<FleetQuery, 'q' | 'status' | 'tag'>): boolean {
  if (query.status !== 'all' && row.status !== query.status) return false;
  if (query.tag && !row.tags.includes(query.tag)) return false;
  const q = query.q.trim().toLowerCase();
  if (!q) return true;
  return row.name.toLowerCase().includes(q) || row.id.toLowerCase() === q || row.tags.some((t) => t.toLowerCase().includes(q)) || (row.os ?? '').toLowerCase().includes(q);
}

export function filterAndSort<R extends FleetRow>(rows: R[], query: FleetQuery, now: number): R[] {
  const sign = query.dir === 'asc' ? 1 : -1;
  const keyed = rows.filter((r) => matchesQuery(r, query)).map((row) => ({ row, v: sortValue(row, query.sort, now) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.row.name.localeCompare(b.row.name) : a.v === null ? 1 : -1;
    const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    return c !== 0 ? c * sign : a.row.name.localeCompare(b.row.name) || a.row.id.localeCompare(b.row.id);
  });
  return keyed.map((k) => k.row);
}

export interface Page<R> {
  rows: R[];
  page: number;
  pages: number;
  total: number;
}

export function paginate<R>(rows: R[], page: number, size = PAGE_SIZE): Page<R> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((p - 1) * size, p * size), page: p, pages, total: rows.length };
}

export function statusCounts(rows: Pick<FleetRow, 'status'>[]): Record<Status, number> {
  const out: Record<Status, number> = { online: 0, stale: 0, offline: 0, waiting: 0 };
  for (const r of rows) out[r.status]++;
  return out;
}

/** "12 online, 1 stale, 2 offline, 1 waiting for a first report" — zero counts are left out, an empty fleet says so. */
export function summaryLine(rows: Pick<FleetRow, 'status'>[]): string {
  const c = statusCounts(rows);
  const parts = STATUSES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${STATUS_WORDS[s].long}`);
  return parts.length > 0 ? parts.join(', ') : 'No hosts yet';
}

export function allTags(rows: Pick<FleetRow, 'tags'>[]): string[] {
  return [...new Set(rows.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b));
}
