import type { AlertState } from './schemas';
import type { Transition } from './transition';

/**
 * What one judgement hands the engine to commit: the states to write
 * (changed or new only; version = read version + 1, or 0 when new), the
 * transitions (each with its event), and states to delete (over the
 * per-rule, per-host cap), with the version that was read.
 */
export interface Judgement {
  states: AlertState[];
  transitions: Transition[];
  removed: AlertState[];
}

const RANK: Record<AlertState['status'], number> = { ok: 0, pending: 1, firing: 2 };

/**
 * Keeps at most `cap` states: the ones dropped first are ok states, then
 * pending, then (only past `cap` firing entities, a hostile host) firing
 * ones, each oldest-judged first. Transitions of a dropped state go with it.
 */
export function boundStates(work: Map<string, AlertState>, transitions: Transition[], cap: number) {
  if (work.size <= cap) return { work, transitions, removed: [] as AlertState[] };
  const order = [...work.values()].sort((a, b) => RANK[a.status] - RANK[b.status] || a.evaluatedAt - b.evaluatedAt || (a.entity < b.entity ? -1 : 1));
  const dropped = order.slice(0, work.size - cap);
  const gone = new Set(dropped.map((s) => s.entity));
  const kept = new Map([...work].filter(([entity]) => !gone.has(entity)));
  return { work: kept, transitions: transitions.filter((t) => !gone.has(t.state.entity)), removed: dropped };
}

const sameWindow = (a: AlertState['window'], b: AlertState['window']) =>
  a.length === b.length && a.every((x, i) => x.every((v, j) => v === b[i]![j]));

/**
 * Whether a state must be written. An ok state's newest value and time alone
 * are not worth a write on every batch (they say nothing the next breach
 * needs); a pending or firing state's are (they show what is wrong now).
 */
export function mustWrite(prev: AlertState | undefined, next: AlertState): boolean {
  if (!prev) return true;
  if (prev.status !== next.status || prev.since !== next.since || prev.seq !== next.seq) return true;
  if (prev.notifiedAt !== next.notifiedAt || prev.acknowledgedBy !== next.acknowledgedBy) return true;
  if (!sameWindow(prev.window, next.window)) return true;
  return next.status !== 'ok' && (prev.value !== next.value || prev.evaluatedAt !== next.evaluatedAt);
}

export function finishJudgement(
  prev: ReadonlyMap<string, AlertState>,
  work: Map<string, AlertState>,
  touched: Set<string>,
  transitions: Transition[],
  removedAll: AlertState[],
): Judgement {
  const versions = new Map<string, number>();
  const states: AlertState[] = [];
  for (const entity of touched) {
    const next = work.get(entity);
    if (!next) continue;
    const before = prev.get(entity);
    if (!mustWrite(before, next)) continue;
    const version = before ? before.version + 1 : 0;
    versions.set(entity, version);
    states.push({ ...next, version });
  }
  // Only states that were stored need deleting; one created and dropped in the same batch never existed.
  const removed = removedAll.flatMap((s) => {
    const stored = prev.get(s.entity);
    return stored ? [stored] : [];
  });
  const stamped = transitions.map((t) => ({ ...t, state: { ...t.state, version: versions.get(t.state.entity) ?? t.state.version } }));
  return { states, transitions: stamped, removed };
}
