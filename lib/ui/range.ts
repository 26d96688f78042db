/**
 * The host page's time range, kept in the URL so that a link shows the same
 * view and the back button steps through earlier ranges:
 * `?range=1h` (a preset ending now), `?range=live`, or
 * `?from=2026-01-31T14:05:00Z&to=2026-01-31T15:05:00Z` (a fixed window).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const PRESETS = {
  '15m': 15 * MINUTE,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
} as const;
export type PresetKey = keyof typeof PRESETS;
export const PRESET_KEYS = Object.keys(PRESETS) as PresetKey[];

/** Live shows the last few minutes at the finest resolution, refreshed every second. */
export const LIVE_WINDOW_MS = 5 * MINUTE;
export const DEFAULT_PRESET: PresetKey = '1h';
/** Zooming in further than this only shows single samples. */
export const MIN_CUSTOM_RANGE_MS = 30_000;

export type RangeSelection =
  | { kind: 'live' }
  | { kind: 'preset'; key: PresetKey }
  | { kind: 'custom'; from: number; to: number };

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/** One query parameter's first value, from a URLSearchParams or a Next page's searchParams object. */
export function param(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

/** ms since the epoch, or an ISO 8601 time; anything else is undefined. */
export function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Whatever the URL holds, a valid selection: unknown or broken values fall back to the default preset. */
export function parseRange(params: SearchParamsLike): RangeSelection {
  const from = parseTime(param(params, 'from'));
  const to = parseTime(param(params, 'to'));
  if (from !== undefined && to !== undefined && to - from >= MIN_CUSTOM_RANGE_MS) return { kind: 'custom', from, to };
  const range = param(params, 'range');
  if (range === 'live') return { kind: 'live' };
  if (range && range in PRESETS) return { kind: 'preset', key: range as PresetKey };
  return { kind: 'preset', key: DEFAULT_PRESET };
}

/** Seconds precision keeps the URL short and readable. */
export function isoSeconds(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The URL query for a selection, keeping the page's other parameters
 * (refresh interval, chosen process time) and dropping stale range ones.
 */
export function rangeSearch(sel: RangeSelection, current: SearchParamsLike = {}): string {
  const out = new URLSearchParams(current instanceof URLSearchParams ? current : toEntries(current));
  out.delete('range');
  out.delete('from');
  out.delete('to');
  if (sel.kind === 'live') out.set('range', 'live');
  else if (sel.kind === 'preset') out.set('range', sel.key);
  else {
    out.set('from', isoSeconds(sel.from));
    out.set('to', isoSeconds(sel.to));
  }
  return out.toString();
}

function toEntries(params: Record<string, string | string[] | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else if (v !== undefined) out.push([k, v]);
  }
  return out;
}

export interface Window {
  from: number;
  to: number;
}

/** The window a selection covers at `now`. */
export function resolveWindow(sel: RangeSelection, now: number): Window {
  if (sel.kind === 'custom') return { from: sel.from, to: sel.to };
  const span = sel.kind === 'live' ? LIVE_WINDOW_MS : PRESETS[sel.key];
  return { from: now - span, to: now };
}

/** A short label: "Live", "1 h", or "Jan 31 14:05 – 15:05" style is left to the caller. */
export function rangeLabel(sel: RangeSelection): string {
  if (sel.kind === 'live') return 'Live';
  if (sel.kind === 'preset') return sel.key.replace(/(\d+)([a-z]+)/, '$1 $2');
  return 'Custom';
}

/**
 * A drag across a chart from one time to another: the zoom window, ordered,
 * or null when the drag is too small to mean anything (a click).
 */
export function zoomSelection(a: number, b: number): RangeSelection | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  if (to - from < MIN_CUSTOM_RANGE_MS) return null;
  return { kind: 'custom', from: Math.round(from), to: Math.round(to) };
}

/** The longest window "Zoom out" widens to: the longest preset. */
export const MAX_ZOOM_OUT_MS = PRESETS['30d'];

/**
 * "Zoom out" after a drag-zoom: the window twice as wide around the same
 * middle, moved back so that it does not end after `now`, at most 30 days.
 */
export function zoomOut(win: Window, now: number): RangeSelection {
  const span = Math.min(MAX_ZOOM_OUT_MS, Math.max(MIN_CUSTOM_RANGE_MS, (win.to - win.from) * 2));
  const mid = (win.from + win.to) / 2;
  const to = Math.min(now, mid + span / 2);
  return { kind: 'custom', from: Math.round(to - span), to: Math.round(to) };
}

/** Whether the server still keeps the process list at `ts`; `keptMs` is what its series answer says it keeps (the raw retention). */
export function processesAvailableAt(ts: number, now: number, keptMs: number): boolean {
  return ts <= now && now - ts <= keptMs;
}

/** The refresh intervals of the seed design; 0 is off. */
export const REFRESH_CHOICES = [
  { label: '1 s', ms: 1_000 },
  { label: '5 s', ms: 5_000 },
  { label: '10 s', ms: 10_000 },
  { label: '30 s', ms: 30_000 },
  { label: 'Off', ms: 0 },
] as const;

/** `?refresh=5s`; Live defaults to 1 s, other ranges to 10 s, fixed windows never refresh. */
export function parseRefresh(params: SearchParamsLike, sel: RangeSelection): number {
  if (sel.kind === 'custom') return 0;
  const raw = param(params, 'refresh');
  const match = raw === 'off' ? 0 : raw ? REFRESH_CHOICES.find((c) => c.label.replace(' ', '') === raw)?.ms : undefined;
  if (match !== undefined) return match;
  return sel.kind === 'live' ? 1_000 : 10_000;
}

export function refreshParam(ms: number): string {
  if (ms === 0) return 'off';
  return REFRESH_CHOICES.find((c) => c.ms === ms)?.label.replace(' ', '') ?? '10s';
}

/** The read API's range parameters for a selection: presets and Live end at the server's now. */
export function apiRangeQuery(sel: RangeSelection): string {
  if (sel.kind === 'live') return `range=${LIVE_WINDOW_MS / MINUTE}m`;
  if (sel.kind === 'preset') return `range=${sel.key}`;
  return `from=${Math.round(sel.from)}&to=${Math.round(sel.to)}`;
}
