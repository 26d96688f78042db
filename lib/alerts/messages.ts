import { formatDuration } from '@/lib/format/time';
import { phrases } from './describe';
import type { Notice } from './notice';
import type { AlertEvent, AlertRule } from './schemas';

/**
 * An event as a notification: a title a person reads in a lock-screen
 * preview, a few plain lines, the host page at the alert's time, and the
 * same facts as fields. Rendered once per event; each channel shapes it
 * (lib/notify/channels). Times are UTC, the server's and the reader's
 * common ground. Pure: `now` only decides whether a time needs its date.
 */

export interface RenderContext {
  rule: AlertRule;
  hostName: string;
  /** The dashboard's public origin, e.g. `https://monitor.example.com` (a trailing slash is fine). */
  baseUrl: string;
  now: number;
}

const TAG: Record<AlertEvent['kind'], string> = { firing: 'FIRING', resolved: 'RESOLVED', repeat: 'REMINDER', acknowledged: 'ACKNOWLEDGED' };
const MINUTE = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "03:12 UTC" on the day of `now`, "Jan 31 03:12 UTC" on any other. */
export function utcTime(ts: number, now: number): string {
  const d = new Date(ts);
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  const sameDay = new Date(now).toISOString().slice(0, 10) === d.toISOString().slice(0, 10);
  return sameDay ? clock : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${clock}`;
}

/** The host page's fixed-window format (lib/ui/range.ts parseRange): ISO 8601 to the second. */
const isoSeconds = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The host page from before the condition began (its for-duration, window
 * and, for host down, the silence before it fired, plus half an hour of
 * context) to a little after the event or now, whichever is later.
 */
export function alertUrl(event: AlertEvent, rule: AlertRule, baseUrl: string, now: number): string {
  const c = rule.condition;
  const lead = 30 * MINUTE + rule.forMs + (c.kind === 'metric' ? c.windowMs : 0) + (c.kind === 'host_down' ? c.afterMs : 0);
  const from = (event.firingSince ?? event.at) - lead;
  const to = Math.max(event.at, now) + 5 * MINUTE;
  // ISO times hold only URL-safe characters (digits, '-', ':', 'T', 'Z'): readable as they are.
  return `${baseUrl.replace(/\/+$/, '')}/hosts/${encodeURIComponent(event.hostId)}?from=${isoSeconds(from)}&to=${isoSeconds(to)}`;
}

export function renderNotice(event: AlertEvent, ctx: RenderContext): Notice {
  const { rule, now } = ctx;
  const p = phrases(event, rule, (ts) => utcTime(ts, now));
  const host = ctx.hostName || event.hostName;
  const since = event.firingSince ?? event.at;
  const lasted = formatDuration(Math.max(0, event.at - since));

  const title =
    event.kind === 'resolved'
      ? `[RESOLVED] ${host}: ${p.recovery(lasted)}`
      : event.kind === 'repeat'
        ? `[REMINDER] ${host}: ${p.problem}, firing for ${lasted}`
        : `[${TAG[event.kind]}] ${host}: ${p.problem}`;

  const when =
    event.kind === 'resolved'
      ? `Firing from ${utcTime(since, now)} to ${utcTime(event.at, now)} (${lasted}).`
      : event.kind === 'firing'
        ? `Firing since ${utcTime(since, now)}.`
        : `Firing since ${utcTime(since, now)} (${lasted}).`;
  const url = alertUrl(event, rule, ctx.baseUrl, now);
  const text = [
    p.detail,
    when,
    ...(event.kind === 'acknowledged' ? ['Someone acknowledged it: no more reminders for this alert.'] : []),
    `Rule: ${event.ruleName} (${event.severity}).`,
    `Host page: ${url}`,
  ].join('\n');

  const fields = [
    { label: 'Host', value: host },
    { label: 'Rule', value: event.ruleName },
    { label: 'Severity', value: event.severity },
    { label: 'Status', value: TAG[event.kind].toLowerCase() },
    { label: 'Value', value: p.value },
    ...(p.threshold !== null ? [{ label: 'Threshold', value: p.threshold }] : []),
    { label: event.kind === 'resolved' ? 'Fired at' : 'Firing since', value: utcTime(since, now) },
    ...(event.kind === 'resolved' ? [{ label: 'Lasted', value: lasted }] : []),
  ];
  return { title, text, url, fields, event };
}
