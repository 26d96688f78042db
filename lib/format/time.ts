/**
 * Durations and relative times in short English ("3 min ago", "2 d 4 h").
 * Pure: the caller passes `now`, so server and client render the same text
 * for the same instant and tests need no clock.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The two largest units: 93_784_000 → "1 d 2 h", 125_000 → "2 min 5 s", 800 → "800 ms". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < SECOND) return `${Math.round(abs)} ms`;
  const parts: [number, string][] = [
    [Math.floor(abs / DAY), 'd'],
    [Math.floor((abs % DAY) / HOUR), 'h'],
    [Math.floor((abs % HOUR) / MINUTE), 'min'],
    [Math.floor((abs % MINUTE) / SECOND), 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

/** The largest unit only, for "… ago": 185_000 → "3 min". */
function roughDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/** "just now" within 5 s, "3 min ago", "in 2 min" for times ahead of `now` (a fast clock). */
export function formatAgo(ts: number | null | undefined, now: number): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return 'never';
  const diff = now - ts;
  if (Math.abs(diff) < 5 * SECOND) return 'just now';
  return diff > 0 ? `${roughDuration(diff)} ago` : `in ${roughDuration(-diff)}`;
}

/** Uptime from a boot time: "12 d 3 h". */
export function formatUptime(bootTime: number | null | undefined, now: number): string {
  if (!bootTime || !Number.isFinite(bootTime) || bootTime > now) return '—';
  return formatDuration(now - bootTime);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A chart axis tick for a range: clock time for short ranges, day and time for
 * multi-day ranges. `utc` makes it deterministic (tests, server render).
 */
export function formatTick(ts: number, rangeMs: number, utc = false): string {
  const d = new Date(ts);
  const [h, m, s] = utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  const [month, day] = utc ? [d.getUTCMonth(), d.getUTCDate()] : [d.getMonth(), d.getDate()];
  if (rangeMs <= 10 * MINUTE) return `${pad(h)}:${pad(m)}:${pad(s)}`;
  if (rangeMs <= 2 * DAY) return `${pad(h)}:${pad(m)}`;
  return `${MONTHS[month]} ${day}${rangeMs <= 8 * DAY ? ` ${pad(h)}:${pad(m)}` : ''}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A full timestamp for tooltips and titles: "Jan 31 14:05:09". */
export function formatDateTime(ts: number, utc = false): string {
  const d = new Date(ts);
  if (utc) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
