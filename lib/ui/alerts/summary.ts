import type { Severity } from '@/lib/alerts/schemas';
import type { AlertView } from './api-types';

/**
 * What the fleet, the host header and the navigation say about alerts, from
 * the one list `GET /api/v1/alerts` answers (the three share its SWR key,
 * so one request feeds them all). Pure.
 */

const RANK: Record<Severity, number> = { warning: 1, critical: 2 };

export function worseSeverity(a: Severity | null, b: Severity): Severity {
  return a !== null && RANK[a] >= RANK[b] ? a : b;
}

export interface HostFiring {
  firing: number;
  pending: number;
  /** The worst severity firing; null when only pending ones. */
  worst: Severity | null;
}

/** Per host id: how many alerts fire (and wait), and the worst severity firing. */
export function firingByHost(alerts: readonly Pick<AlertView, 'hostId' | 'status' | 'severity'>[]): Record<string, HostFiring> {
  const out: Record<string, HostFiring> = {};
  for (const a of alerts) {
    const h = (out[a.hostId] ??= { firing: 0, pending: 0, worst: null });
    if (a.status === 'firing') {
      h.firing++;
      h.worst = worseSeverity(h.worst, a.severity);
    } else {
      h.pending++;
    }
  }
  return out;
}

export function firingCount(alerts: readonly Pick<AlertView, 'status'>[]): number {
  return alerts.reduce((n, a) => n + (a.status === 'firing' ? 1 : 0), 0);
}

/** "1 alert firing", "3 alerts firing"; empty when none fire. */
export function firingText(count: number): string {
  if (count <= 0) return '';
  return `${count} alert${count === 1 ? '' : 's'} firing`;
}

/** Firing before pending, critical before warning, oldest first: what needs a look first comes first. */
export function sortAlerts<T extends Pick<AlertView, 'status' | 'severity' | 'since' | 'hostName' | 'ruleName'>>(alerts: readonly T[]): T[] {
  return [...alerts].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1) ||
      RANK[b.severity] - RANK[a.severity] ||
      a.since - b.since ||
      a.hostName.localeCompare(b.hostName) ||
      a.ruleName.localeCompare(b.ruleName),
  );
}

/** Silenced now: a silence covers it until a later time. */
export const isSilenced = (a: Pick<AlertView, 'silencedUntil'>, now: number) => a.silencedUntil !== null && a.silencedUntil > now;

/** The one key of the alert list: the navigation, the fleet and the Alerts page share its request. */
export const ALERTS_URL = '/api/v1/alerts';
