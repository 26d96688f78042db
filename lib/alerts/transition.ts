import type { Judge } from './advance';
import { eventId } from './event-id';
import type { AlertEvent, AlertRule, AlertState, Condition } from './schemas';

/**
 * A transition the engine commits: the state after it and the event it
 * causes. The engine marks `event.suppressed` (suppress.ts) and makes the
 * deliveries; the event id is deterministic (event-id.ts).
 */
export interface Transition {
  kind: 'firing' | 'resolved' | 'repeat';
  state: AlertState;
  event: AlertEvent;
}

export interface HostRef {
  id: string;
  name: string;
}

/** How each non-metric condition is a threshold on one number (so all of them share advance()). */
export function judgeOf(rule: Pick<AlertRule, 'condition' | 'forMs'>): Judge {
  const c = rule.condition;
  switch (c.kind) {
    case 'metric':
      return { op: c.op, threshold: c.threshold, clear: c.clear ?? c.threshold, forMs: rule.forMs, windowMs: c.windowMs, aggregate: c.aggregate };
    case 'process_missing':
      // The count of matching processes: missing while below 1, back once at least 1 runs.
      return { op: 'below', threshold: 1, clear: 1, forMs: rule.forMs, windowMs: 0, aggregate: 'avg' };
    case 'dropping':
      // Drops are an event of one batch, not a level that holds: fire at once, clear on the next clean batch.
      return { op: 'above', threshold: 0, clear: 0, forMs: 0, windowMs: 0, aggregate: 'avg' };
    case 'clock_skew':
      return { op: 'above', threshold: c.maxMs, clear: c.maxMs, forMs: rule.forMs, windowMs: 0, aggregate: 'avg' };
    case 'host_down':
      return { op: 'above', threshold: c.afterMs, clear: c.afterMs, forMs: 0, windowMs: 0, aggregate: 'avg' };
  }
}

/** The number an event states as its threshold, when the condition has one. */
export function thresholdOf(condition: Condition): number | null {
  switch (condition.kind) {
    case 'metric':
      return condition.threshold;
    case 'clock_skew':
      return condition.maxMs;
    case 'host_down':
      return condition.afterMs;
    case 'process_missing':
    case 'dropping':
      return null;
  }
}

export interface EventFacts {
  kind: AlertEvent['kind'];
  /** The state after the transition. */
  state: AlertState;
  at: number;
  value: number | null;
  /** When the alert started firing (firing: `at`; resolved and repeat: the firing state's since). */
  firingSince: number | null;
  /** What else makes the id unique for this kind (repeats: the previous notification time). */
  idAt: number;
}

export function buildEvent(rule: Pick<AlertRule, 'id' | 'name' | 'severity' | 'condition'>, host: HostRef, f: EventFacts): AlertEvent {
  const { ruleId, hostId, entity, seq } = f.state;
  return {
    id: eventId({ ruleId, hostId, entity, kind: f.kind, seq, at: f.idAt }),
    ruleId: rule.id,
    ruleName: rule.name,
    hostId: host.id,
    hostName: host.name,
    entity,
    kind: f.kind,
    severity: rule.severity,
    value: f.value,
    threshold: thresholdOf(rule.condition),
    at: f.at,
    firingSince: f.firingSince,
    suppressed: null,
  };
}
