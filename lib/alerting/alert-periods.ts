import 'server-only';
import type { AlertEvent, AlertRule, AlertState, Severity } from '@/lib/alerts/schemas';

/**
 * A host's alert periods for its page: when each rule fired and until when,
 * from the history (a resolved event knows when its alert started firing)
 * and the current states (a firing state is a period still open). Events of
 * rules since deleted are left out: nothing says which chart they concern.
 * Pure (no store, no clock).
 */

export interface AlertPeriod {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** The rule's condition kind, and its signal for metric conditions (which chart the period is drawn on). */
  condition: AlertRule['condition']['kind'];
  signal: string | null;
  entity: string;
  from: number;
  /** null: still firing. */
  to: number | null;
}

/** At most this many periods per answer: a flapping rule must not make the page heavy. */
export const MAX_PERIODS = 500;

const signalOf = (rule: AlertRule) => (rule.condition.kind === 'metric' ? rule.condition.signal : null);

export function alertPeriods(input: {
  events: readonly AlertEvent[];
  states: readonly AlertState[];
  rules: ReadonlyMap<string, AlertRule>;
  from: number;
  to: number;
}): AlertPeriod[] {
  const { events, states, rules, from, to } = input;
  const out: AlertPeriod[] = [];
  const base = (rule: AlertRule, entity: string) => ({
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    condition: rule.condition.kind,
    signal: signalOf(rule),
    entity,
  });
  for (const e of events) {
    if (e.kind !== 'resolved') continue;
    const rule = rules.get(e.ruleId);
    const start = e.firingSince ?? e.at;
    if (!rule || e.at < from || start > to) continue;
    // The event's own name and severity: what they were when it fired.
    out.push({ ...base(rule, e.entity), ruleName: e.ruleName, severity: e.severity, from: start, to: e.at });
  }
  for (const s of states) {
    const rule = rules.get(s.ruleId);
    if (!rule || s.status !== 'firing' || s.since > to) continue;
    out.push({ ...base(rule, s.entity), from: s.since, to: null });
  }
  out.sort((a, b) => a.from - b.from || (a.to ?? Infinity) - (b.to ?? Infinity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  // The newest matter most on a dashboard: past the cap, the oldest go.
  return out.length > MAX_PERIODS ? out.slice(out.length - MAX_PERIODS) : out;
}
