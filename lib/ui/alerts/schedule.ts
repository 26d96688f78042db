import type { MaintenanceWindow } from '@/lib/alerts/schemas';
import { formatDuration } from '@/lib/format';

/**
 * Times typed into the silence and maintenance-window forms, and those
 * records in words. `datetime-local` inputs are the browser's local time;
 * daily windows are in UTC (as the server judges them). Pure.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const SILENCE_PRESETS = [
  { key: '1h', label: '1 hour', ms: HOUR },
  { key: '4h', label: '4 hours', ms: 4 * HOUR },
  { key: '1d', label: '1 day', ms: 24 * HOUR },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as a `datetime-local` input's value, in the browser's zone. */
export function toLocalInput(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as ms, or null when empty or malformed. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ts = new Date(value).getTime();
  return Number.isFinite(ts) ? ts : null;
}

/** "HH:MM" (UTC) as minutes after midnight, or null. */
export function parseUtcTime(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

export const utcTimeText = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

export type WindowSchedule = MaintenanceWindow['schedule'];

export interface WindowFormValues {
  kind: 'once' | 'daily';
  from: string;
  to: string;
  startUtc: string;
  durationMin: string;
}

/** The form as a schedule, or the field that is wrong and why. */
export function scheduleFromForm(f: WindowFormValues): { ok: true; schedule: WindowSchedule } | { ok: false; field: string; message: string } {
  if (f.kind === 'once') {
    const from = fromLocalInput(f.from);
    const to = fromLocalInput(f.to);
    if (from === null) return { ok: false, field: 'from', message: 'pick when it starts' };
    if (to === null) return { ok: false, field: 'to', message: 'pick when it ends' };
    if (to <= from) return { ok: false, field: 'to', message: 'must be after the start' };
    return { ok: true, schedule: { kind: 'once', from, to } };
  }
  const start = parseUtcTime(f.startUtc);
  if (start === null) return { ok: false, field: 'startUtc', message: 'a time such as 02:30 (UTC)' };
  const minutes = Number(f.durationMin);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) return { ok: false, field: 'durationMin', message: 'whole minutes from 1 to 1440' };
  return { ok: true, schedule: { kind: 'daily', startMinute: start, durationMs: minutes * MINUTE } };
}

/** "every day 02:00–03:30 UTC", or "Mar 3 02:00 – Mar 3 04:00" via `time`. */
export function scheduleText(s: WindowSchedule, time: (ts: number) => string): string {
  if (s.kind === 'once') return `${time(s.from)} – ${time(s.to)}`;
  const end = (s.startMinute + s.durationMs / MINUTE) % 1440;
  return `every day ${utcTimeText(s.startMinute)}–${utcTimeText(Math.floor(end))} UTC (${formatDuration(s.durationMs)})`;
}
