import 'server-only';
import type { AlertEvent, AlertRule, AlertState, AlertStatus, Severity, Silence } from '@/lib/alerts/schemas';
import { inScope } from '@/lib/alerts/scope';
import { signalByName } from '@/lib/alerts/signals';
import { windowActive } from '@/lib/alerts/suppress';
import { thresholdOf } from '@/lib/alerts/transition';
import type { Unit } from '@/lib/metrics/registry';
import type { Store } from '@/lib/store/types';
import type { EventsQuery } from './api-schemas';
import { invalidFields } from './field-errors';

/**
 * What the Alerts page shows: every pending and firing alert with the
 * names and numbers a person reads (rule, severity, threshold, unit, host),
 * whether a silence or a maintenance window holds its notifications back,
 * firing first; and the event history with filters.
 */

export interface AlertView {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  hostId: string;
  hostName: string;
  entity: string;
  status: Exclude<AlertStatus, 'ok'>;
  since: number;
  value: number | null;
  threshold: number | null;
  /** The registry unit of a metric condition; `ms` for host down and clock skew; null when the value is a count. */
  unit: Unit | 'ms' | null;
  acknowledgedBy: string | null;
  /** The acknowledging user's name, when that user still exists. */
  acknowledgedByName: string | null;
  /** The latest end of the active silences covering it, or null. */
  silencedUntil: number | null;
  /** An active maintenance window covers its host. */
  maintenance: boolean;
}

function unitOf(rule: AlertRule): AlertView['unit'] {
  const c = rule.condition;
  if (c.kind === 'metric') return signalByName(c.signal)?.unit ?? null;
  return c.kind === 'host_down' || c.kind === 'clock_skew' ? 'ms' : null;
}

function silencedUntil(state: AlertState, silences: readonly Silence[], now: number): number | null {
  let until: number | null = null;
  for (const s of silences) {
    if (s.ruleId !== state.ruleId || s.until <= now) continue;
    if ((s.hostId !== undefined && s.hostId !== state.hostId) || (s.entity !== undefined && s.entity !== state.entity)) continue;
    until = Math.max(until ?? 0, s.until);
  }
  return until;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };

/** Firing before pending, critical before warning, then the oldest first. */
function byUrgency(a: AlertView, b: AlertView): number {
  if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.since - b.since || (a.hostName < b.hostName ? -1 : a.hostName > b.hostName ? 1 : 0);
}

/** Every pending and firing alert, or one host's. */
export async function listAlerts(store: Store, now: number, hostId?: string): Promise<{ alerts: AlertView[] }> {
  const [states, rules, hosts, silences, windows] = await Promise.all([
    store.alerts.listStates(hostId === undefined ? undefined : { hostId }),
    store.alerts.listRules(),
    store.listHosts(),
    store.alerts.listSilences(),
    store.alerts.listWindows(),
  ]);
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const active = states.filter((s) => s.status !== 'ok');
  const ackIds = [...new Set(active.flatMap((s) => (s.acknowledgedBy ? [s.acknowledgedBy] : [])))];
  const users = new Map((await Promise.all(ackIds.map((id) => store.getUser(id)))).flatMap((u) => (u ? [[u.id, u.name] as const] : [])));
  const openWindows = windows.filter((w) => windowActive(w, now));

  const alerts: AlertView[] = [];
  for (const s of active) {
    const rule = ruleById.get(s.ruleId);
    const host = hostById.get(s.hostId);
    // A state outliving its rule or host (a cascade cut short) is nobody's alert.
    if (!rule || !host || s.status === 'ok') continue;
    alerts.push({
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      hostId: host.id,
      hostName: host.name,
      entity: s.entity,
      status: s.status,
      since: s.since,
      value: s.value,
      threshold: thresholdOf(rule.condition),
      unit: unitOf(rule),
      acknowledgedBy: s.acknowledgedBy,
      acknowledgedByName: s.acknowledgedBy ? (users.get(s.acknowledgedBy) ?? null) : null,
      silencedUntil: silencedUntil(s, silences, now),
      maintenance: openWindows.some((w) => inScope(w.scope, host)),
    });
  }
  return { alerts: alerts.sort(byUrgency) };
}

export async function listEvents(store: Store, q: EventsQuery): Promise<{ events: AlertEvent[] }> {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw invalidFields([{ path: 'from', message: 'must not be after to' }], 'invalid_parameter');
  const events = await store.alerts.listEvents({
    limit: q.limit,
    ...(q.hostId !== undefined ? { hostId: q.hostId } : {}),
    ...(q.ruleId !== undefined ? { ruleId: q.ruleId } : {}),
    ...(q.severity !== undefined ? { severity: q.severity } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  });
  return { events };
}
