import type { Severity } from '@/lib/alerts/schemas';

/**
 * The Alerts page's history filter, kept in the URL (so a filtered view can
 * be linked and the back button works) and turned into the events request.
 * Pure: the server page and the browser build the same request, so the
 * first answer rendered on the server is the browser's SWR fallback.
 */

export const HISTORY_RANGES = [
  { key: '24h', label: '24 h', ms: 86_400_000 },
  { key: '7d', label: '7 days', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 days', ms: 30 * 86_400_000 },
  { key: '90d', label: '90 days', ms: 90 * 86_400_000 },
] as const;

export type HistoryRange = (typeof HISTORY_RANGES)[number]['key'] | 'custom';

export interface HistoryQuery {
  hostId: string;
  ruleId: string;
  severity: Severity | '';
  range: HistoryRange;
  /** Custom range bounds (ms), used when range is 'custom'. */
  from: number | null;
  to: number | null;
}

export const HISTORY_LIMIT = 200;
const MAX_ID = 64;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, name: string): string {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  return (Array.isArray(v) ? v[v.length - 1] : v) ?? '';
}

const id = (s: string) => (s.length > 0 && s.length <= MAX_ID ? s : '');

function time(s: string): number | null {
  if (!/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

export function parseHistoryQuery(params: Params): HistoryQuery {
  const severity = get(params, 'severity');
  const range = get(params, 'range');
  const from = time(get(params, 'from'));
  const to = time(get(params, 'to'));
  const known = HISTORY_RANGES.some((r) => r.key === range);
  const custom = range === 'custom' && (from !== null || to !== null);
  return {
    hostId: id(get(params, 'host')),
    ruleId: id(get(params, 'rule')),
    severity: severity === 'warning' || severity === 'critical' ? severity : '',
    range: custom ? 'custom' : known ? (range as HistoryRange) : '7d',
    from: custom ? from : null,
    to: custom ? to : null,
  };
}

/** The page's query string for a filter (defaults left out). */
export function historySearch(q: HistoryQuery): string {
  const p = new URLSearchParams();
  if (q.hostId) p.set('host', q.hostId);
  if (q.ruleId) p.set('rule', q.ruleId);
  if (q.severity) p.set('severity', q.severity);
  if (q.range !== '7d') p.set('range', q.range);
  if (q.range === 'custom') {
    if (q.from !== null) p.set('from', String(q.from));
    if (q.to !== null) p.set('to', String(q.to));
  }
  return p.toString();
}

/**
 * The events request. A preset range has no end, so the same URL stays the
 * SWR key while it polls; its start is rounded down to the minute so the key
 * changes once a minute, not on every render.
 */
export function eventsRequest(q: HistoryQuery, now: number): { url: string; filter: { hostId?: string; ruleId?: string; severity?: Severity; from?: number; to?: number; limit: number } } {
  const minute = Math.floor(now / 60_000) * 60_000;
  const preset = HISTORY_RANGES.find((r) => r.key === q.range);
  const from = q.range === 'custom' ? (q.from ?? undefined) : minute - (preset?.ms ?? 0);
  const to = q.range === 'custom' ? (q.to ?? undefined) : undefined;
  const filter = {
    ...(q.hostId ? { hostId: q.hostId } : {}),
    ...(q.ruleId ? { ruleId: q.ruleId } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    limit: HISTORY_LIMIT,
  };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) p.set(k, String(v));
  return { url: `/api/v1/alerts/events?${p.toString()}`, filter };
}
