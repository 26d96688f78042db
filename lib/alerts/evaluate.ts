import type { SeriesValue } from '@/lib/metrics/align';
import type { Counters, Sample } from '@/lib/wire/contract';
import { advance, breaches, staleGapOf, type Judge } from './advance';
import type { AlertRule, AlertState } from './schemas';
import { signalByName, signalValues } from './signals';
import { boundStates, finishJudgement, type Judgement } from './judgement';
import { entityFilter } from './entity-pattern';
import { buildEvent, judgeOf, type HostRef, type Transition } from './transition';

export type { Judgement } from './judgement';

/**
 * Live judging. `judgeBatch` runs when a host's batch is accepted and sees
 * only that batch's fresh samples; `judgeTick` runs on the engine's timer
 * and judges only "host down" — so nothing ever fires, or completes its
 * for-duration, on the stale data of a silent host. Both are pure: `now`
 * is the server's clock, sample timestamps the host's.
 */

/** Most states one rule keeps for one host (a family signal: one per entity ever seen). */
export const MAX_STATES_PER_RULE_HOST = 256;

export interface BatchInput {
  rule: AlertRule;
  host: HostRef;
  /** The batch's samples, ascending by ts (sorted again here, cheaply). */
  samples: readonly Sample[];
  batchCounters: Counters;
  /** Server receive time minus the newest sample's ts (the host state's clockSkewMs for this batch). */
  clockSkewMs: number;
  /** This rule's states for this host, by entity ('' for conditions without entities). */
  prev: ReadonlyMap<string, AlertState>;
  now: number;
}

const single = (v: number): SeriesValue => ({ avg: v, min: v, max: v });

/** Folds values into states; shared by every condition judged from a batch. */
class Folder {
  /** The states as judged so far; made on the first change (most rules on most batches change nothing). */
  private work: Map<string, AlertState> | null = null;
  readonly transitions: Transition[] = [];
  readonly touched = new Set<string>();

  constructor(
    private readonly input: Pick<BatchInput, 'rule' | 'host' | 'prev' | 'now'>,
    private readonly judge: Judge,
  ) {}

  /** One value of one entity at `ts`; values at or before the state's newest one are out of order and ignored. */
  value(entity: string, ts: number, point: SeriesValue, staleGapMs: number, stored?: number): void {
    const { rule, host, now } = this.input;
    const prev = (this.work ?? this.input.prev).get(entity);
    if (prev && ts <= prev.evaluatedAt) return;
    // The common case, checked before building a state: an entity without one, no window, no breach — it gets none.
    if (!prev && this.judge.windowMs === 0 && !breaches(this.judge, point[this.judge.aggregate])) return;
    const step = advance(prev, { ruleId: rule.id, hostId: host.id, entity }, ts, point, this.judge, staleGapMs);
    if (!step) return;
    // An entity that never breached needs no state unless it keeps a window: most entities never get one.
    if (!prev && step.state.status === 'ok' && this.judge.windowMs === 0) return;
    let state = stored === undefined ? step.state : { ...step.state, value: stored };
    if (step.change === 'firing') state = { ...state, notifiedAt: now };
    (this.work ??= new Map(this.input.prev)).set(entity, state);
    this.touched.add(entity);
    if (step.change === 'firing') {
      this.transitions.push({ kind: 'firing', state, event: buildEvent(rule, host, { kind: 'firing', state, at: ts, value: state.value, firingSince: ts, idAt: ts }) });
    } else if (step.change === 'resolved') {
      this.transitions.push({ kind: 'resolved', state, event: buildEvent(rule, host, { kind: 'resolved', state, at: ts, value: state.value, firingSince: prev!.since, idAt: ts }) });
    }
  }

  finish(): Judgement {
    // Nothing judged into a state and nothing over the cap: nothing to write.
    if (this.touched.size === 0 && this.input.prev.size <= MAX_STATES_PER_RULE_HOST) return { states: [], transitions: [], removed: [] };
    const bounded = boundStates(this.work ?? new Map(this.input.prev), this.transitions, MAX_STATES_PER_RULE_HOST);
    return finishJudgement(this.input.prev, bounded.work, this.touched, bounded.transitions, bounded.removed);
  }
}

export function judgeBatch(input: BatchInput): Judgement {
  const { rule, now } = input;
  const c = rule.condition;
  const folder = new Folder(input, judgeOf(rule));
  // Batches come in order: copied and sorted only when they do not.
  const samples = input.samples.every((x, i) => i === 0 || input.samples[i - 1]!.ts <= x.ts) ? input.samples : [...input.samples].sort((a, b) => a.ts - b.ts);
  const newest = samples.at(-1);
  const batchGap = staleGapOf(newest?.intervalMs ?? 0);

  switch (c.kind) {
    case 'metric': {
      const signal = signalByName(c.signal);
      if (!signal) break; // checkRule refuses unknown signals; a signal removed since judges nothing
      const only = entityFilter(c);
      for (const s of samples) for (const { entity, value } of signalValues(signal, s, only)) folder.value(entity, s.ts, single(value), staleGapOf(s.intervalMs));
      break;
    }
    case 'process_missing':
      for (const s of samples) {
        // No count for the pattern (the collector has not been told of it yet): unknown, not missing.
        const entry = s.processes.watched?.find((w) => w.pattern === c.pattern);
        if (entry) folder.value('', s.ts, single(entry.count), staleGapOf(s.intervalMs));
      }
      break;
    case 'dropping':
      folder.value('', now, single(input.batchCounters.dropped), batchGap);
      break;
    case 'clock_skew':
      // A batch from a backlog (more samples still spooled) is late, not wrong: its skew is transport lag.
      if (input.batchCounters.spooled === 0 && Number.isFinite(input.clockSkewMs)) {
        folder.value('', now, single(Math.abs(input.clockSkewMs)), batchGap, input.clockSkewMs);
      }
      break;
    case 'host_down':
      return resolveHostDown(input, now);
  }
  return folder.finish();
}

/**
 * A batch arrived: a host-down alert resolves (nothing else to judge; the tick fires it).
 * Any batch received after the last one the tick saw proves the host alive, also one
 * received before the tick's own clock said "down" (another instance's clock, a late tick).
 */
function resolveHostDown(input: Pick<BatchInput, 'rule' | 'host' | 'prev'>, now: number): Judgement {
  const prev = input.prev.get('');
  const { rule, host } = input;
  const afterMs = rule.condition.kind === 'host_down' ? rule.condition.afterMs : 0;
  const lastSeen = prev ? prev.since - afterMs : 0;
  if (!prev || prev.status !== 'firing' || now <= lastSeen) return { states: [], transitions: [], removed: [] };
  const state: AlertState = { ...prev, status: 'ok', since: now, evaluatedAt: now, seq: prev.seq + 1, notifiedAt: null, acknowledgedBy: null, version: prev.version + 1 };
  const event = buildEvent(rule, host, { kind: 'resolved', state, at: now, value: now - lastSeen, firingSince: prev.since, idAt: now });
  return { states: [state], transitions: [{ kind: 'resolved', state, event }], removed: [] };
}

export interface TickInput {
  rule: AlertRule;
  host: HostRef;
  /** Server time of the host's last accepted batch; null when it never reported. */
  lastSeen: number | null;
  prev: ReadonlyMap<string, AlertState>;
  now: number;
}

/**
 * The timer's judgement, for host-down rules only (any other rule: nothing).
 * A host that never reported is waiting for its first report, not down. A
 * down host's state starts at lastSeen + afterMs (the same for every
 * instance that ticks, so the event id is too); a firing one whose host is
 * back resolves here as well, should the batch's own judgement have been lost.
 */
export function judgeTick(input: TickInput): Judgement {
  const { rule, host, lastSeen, now } = input;
  const none: Judgement = { states: [], transitions: [], removed: [] };
  if (rule.condition.kind !== 'host_down' || lastSeen === null) return none;
  const { afterMs } = rule.condition;
  const prev = input.prev.get('');
  const down = now - lastSeen > afterMs;
  if (down && prev?.status !== 'firing') {
    const since = lastSeen + afterMs;
    const base = prev ?? { ruleId: rule.id, hostId: host.id, entity: '', window: [], seq: 0, version: 0, acknowledgedBy: null };
    const state: AlertState = {
      ...base,
      status: 'firing',
      since,
      evaluatedAt: now,
      value: null,
      window: [],
      notifiedAt: now,
      acknowledgedBy: null,
      seq: base.seq + 1,
      version: prev ? prev.version + 1 : 0,
    };
    const event = buildEvent(rule, host, { kind: 'firing', state, at: now, value: now - lastSeen, firingSince: since, idAt: since });
    return { states: [state], transitions: [{ kind: 'firing', state, event }], removed: [] };
  }
  // lastSeen is the receive time of the batch that proved the host alive: the same id the batch's judgement would give.
  if (!down && prev?.status === 'firing' && lastSeen > prev.since - afterMs) return resolveHostDown(input, lastSeen);
  return none;
}
