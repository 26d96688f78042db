import { param, type SearchParamsLike } from './range';

/**
 * The time zone the host page's charts, tooltips, process times and custom
 * range inputs use: the browser's, or UTC. It lives in the URL (`?tz=utc`)
 * so that a shared or bookmarked link reads the same; the browser's zone is
 * the default and leaves the URL alone.
 */

export type TimeZoneChoice = 'local' | 'utc';
export const TZ_PARAM = 'tz';

export function parseTimeZone(params: SearchParamsLike): TimeZoneChoice {
  return param(params, TZ_PARAM)?.toLowerCase() === 'utc' ? 'utc' : 'local';
}

/** The URL query with the choice written in, keeping every other parameter. */
export function timeZoneSearch(tz: TimeZoneChoice, current: URLSearchParams): string {
  const out = new URLSearchParams(current);
  if (tz === 'utc') out.set(TZ_PARAM, 'utc');
  else out.delete(TZ_PARAM);
  return out.toString();
}

/** What the page says it shows: "UTC", or the browser's zone by name ("Europe/Berlin"). */
export function timeZoneName(tz: TimeZoneChoice, browserZone: string | undefined): string {
  if (tz === 'utc') return 'UTC';
  return browserZone && browserZone.length <= 64 ? browserZone : 'browser time';
}

/** The browser's IANA zone; undefined where Intl cannot say. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A custom range input's text, 24-hour like the axes: "2026-01-31 14:05". */
export function formatRangeInput(ms: number, tz: TimeZoneChoice): string {
  const d = new Date(ms);
  const utc = tz === 'utc';
  const [y, mo, day, h, mi] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
  return `${y}-${pad(mo + 1)}-${pad(day)} ${pad(h)}:${pad(mi)}`;
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/**
 * A custom range input back to ms, or null when it is not a real time in
 * that zone ("2026-02-30 25:00" is refused, not rolled over). In browser
 * time a clock time skipped by a DST change is refused too.
 */
export function parseRangeInput(text: string, tz: TimeZoneChoice): number | null {
  const m = INPUT.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const ms = tz === 'utc' ? Date.UTC(y, mo - 1, d, h, mi) : new Date(y, mo - 1, d, h, mi).getTime();
  if (!Number.isFinite(ms)) return null;
  return formatRangeInput(ms, tz) === `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` ? ms : null;
}
