import type { AlertEvent, AlertRule, AlertState } from './schemas';
import { buildEvent, type HostRef, type Transition } from './transition';

/**
 * Reminders and acknowledgements: the two things that change a firing
 * state without a new value. Pure; the engine commits the returned state
 * with the version it read, so of two instances only one reminds.
 */

/** The value a reminder states: for host down, how long the host has been silent now (its since is lastSeen + afterMs). */
function reminderValue(rule: AlertRule, state: AlertState, now: number): number | null {
  return rule.condition.kind === 'host_down' ? now - (state.since - rule.condition.afterMs) : state.value;
}

export interface RepeatInput {
  rule: AlertRule;
  host: HostRef;
  /** States to consider; only this rule's firing states of this host count. */
  states: readonly AlertState[];
  now: number;
  /**
   * Whether the host is down now. Every condition but host down is judged on
   * the host's samples: while none arrive, a reminder would repeat stale news.
   */
  hostDown: boolean;
}

/**
 * Reminders due at `now`: firing, unacknowledged states last notified at
 * least `repeatMs` ago — and, whatever `repeatMs`, those never notified (their
 * firing was suppressed or late news): the first word of them is due at once.
 * The engine passes those only once nothing suppresses them any more.
 */
export function dueRepeats(input: RepeatInput): Transition[] {
  const { rule, host, now } = input;
  if (!rule.enabled) return [];
  if (input.hostDown && rule.condition.kind !== 'host_down') return [];
  const out: Transition[] = [];
  for (const s of input.states) {
    if (s.ruleId !== rule.id || s.hostId !== host.id || s.status !== 'firing' || s.acknowledgedBy !== null) continue;
    if (s.notifiedAt !== null && (rule.repeatMs === null || s.notifiedAt + rule.repeatMs > now)) continue;
    const last = s.notifiedAt ?? s.since;
    const state: AlertState = { ...s, notifiedAt: now, version: s.version + 1 };
    // The previous notification time makes the id: every instance due the same reminder names it the same.
    const event = buildEvent(rule, host, { kind: 'repeat', state, at: now, value: reminderValue(rule, s, now), firingSince: s.since, idAt: last });
    out.push({ kind: 'repeat', state, event });
  }
  return out;
}

/** Someone takes a firing alert: no more reminders for it. Null when it is not firing or already acknowledged. */
export function acknowledge(
  state: AlertState,
  by: { userId: string; rule: AlertRule; host: HostRef; now: number },
): { state: AlertState; event: AlertEvent } | null {
  if (state.status !== 'firing' || state.acknowledgedBy !== null) return null;
  const userId = by.userId.slice(0, 64);
  const next: AlertState = { ...state, acknowledgedBy: userId, version: state.version + 1 };
  // One acknowledgement per firing: the id depends on the firing (seq, since), not on who or when.
  const event = buildEvent(by.rule, by.host, { kind: 'acknowledged', state: next, at: by.now, value: state.value, firingSince: state.since, idAt: state.since });
  return { state: next, event };
}
