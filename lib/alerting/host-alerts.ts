import 'server-only';
import { HostNotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import { alertPeriods, type AlertPeriod } from './alert-periods';
import { alertConfig } from './config-cache';

export type { AlertPeriod } from './alert-periods';

/**
 * The host page's alert periods: when each rule fired on this host and until
 * when, over the range its charts show, for shading them. (What fires now
 * comes from the alert list, `listAlerts`, which the navigation polls anyway.)
 * Three store round trips: the host, its states, its events; the rules come
 * from the cached alert config.
 */

export interface HostAlertPeriods {
  hostId: string;
  from: number;
  to: number;
  periods: AlertPeriod[];
}

/** The events one answer reads: a flapping week's worth, the events API's own cap. */
const MAX_EVENTS = 1_000;

/**
 * Events are read from `from` to now, not to `to`: a period that began
 * before the range and ended after it is found by its resolved event.
 */
export async function hostAlertPeriods(store: Store, hostId: string, range: { from: number; to: number }, now: number): Promise<HostAlertPeriods> {
  const [host, cfg, states, events] = await Promise.all([
    store.getHost(hostId),
    alertConfig(store, now),
    store.alerts.getHostStates(hostId),
    store.alerts.listEvents({ hostId, from: range.from, to: Math.max(now, range.to), limit: MAX_EVENTS }),
  ]);
  if (!host) throw new HostNotFound(hostId);
  const enabled = new Set(cfg.rules.filter((r) => r.enabled).map((r) => r.id));
  const periods = alertPeriods({
    events,
    // A disabled rule's state is judged no more: its past periods are drawn, its open one is not.
    states: states.filter((s) => enabled.has(s.ruleId)),
    rules: new Map(cfg.rules.map((r) => [r.id, r])),
    from: range.from,
    to: range.to,
  });
  return { hostId, from: range.from, to: range.to, periods };
}
