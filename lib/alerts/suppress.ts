import type { MaintenanceWindow, Silence } from './schemas';
import { inScope, type ScopedHost } from './scope';

/**
 * Whether a notification is held back. Suppression never changes state: a
 * suppressed transition is still judged and recorded (its event says why
 * nothing went out), so the history stays true and a repeat after the
 * window ends still reminds. Pure: `now` is the server's clock.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;

/** once: from ≤ now < to. daily: from startMinute (UTC) for durationMs, also across midnight. */
export function windowActive(window: Pick<MaintenanceWindow, 'schedule'>, now: number): boolean {
  const s = window.schedule;
  if (s.kind === 'once') return s.from <= now && now < s.to;
  // How far `now` is past today's start (or yesterday's, for a window still open after midnight).
  const sinceStart = (((now - s.startMinute * MINUTE) % DAY) + DAY) % DAY;
  return sinceStart < s.durationMs;
}

export type Suppression = 'maintenance' | 'silenced' | null;

/** Maintenance first (it covers everything on the host), then a silence of this rule matching the host and entity. */
export function suppressionFor(
  target: { ruleId: string; host: ScopedHost; entity: string },
  windows: readonly MaintenanceWindow[],
  silences: readonly Silence[],
  now: number,
): Suppression {
  if (windows.some((w) => windowActive(w, now) && inScope(w.scope, target.host))) return 'maintenance';
  const silenced = silences.some(
    (s) =>
      s.ruleId === target.ruleId &&
      s.until > now &&
      (s.hostId === undefined || s.hostId === target.host.id) &&
      (s.entity === undefined || s.entity === target.entity),
  );
  return silenced ? 'silenced' : null;
}
