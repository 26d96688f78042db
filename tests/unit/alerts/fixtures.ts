import { judgeBatch, type BatchInput, type Judgement } from '@/lib/alerts/evaluate';
import { alertEventSchema, alertStateSchema, ruleSchema, type AlertRule, type AlertState } from '@/lib/alerts/schemas';
import type { Sample } from '@/lib/wire/contract';
import { makeSample } from '../../support/samples';

export const T0 = Date.UTC(2026, 0, 31, 3, 0, 0); // 03:00 UTC, a minute boundary
export const MIN = 60_000;
export const HOST = { id: 'h1', name: 'web-1', tags: ['prod', 'db'] };

/** A stored rule with defaults filled, as the store hands it to the engine. */
export function rule(input: Record<string, unknown>, id = 'r1'): AlertRule {
  return ruleSchema.parse({ name: 'Test rule', id, createdAt: 1, updatedAt: 1, ...input });
}

export const cpuRule = (condition: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  rule({ condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90, ...condition }, ...rest });

/** A sample at `ts` with CPU at `cpu` %. */
export const cpuAt = (ts: number, cpu: number, overrides: Partial<Sample> = {}): Sample => {
  const s = makeSample(ts, 0, overrides);
  return { ...s, cpu: { ...s.cpu, total: cpu } };
};

/**
 * Runs batches through judgeBatch one after another, carrying the written
 * states forward as the engine's commit would (a Map of this rule's
 * states, nothing more), and collects every judgement.
 */
export class Run {
  states = new Map<string, AlertState>();
  all: Judgement[] = [];
  constructor(readonly r: AlertRule) {}

  batch(samples: Sample[], extra: Partial<Omit<BatchInput, 'rule' | 'host' | 'prev' | 'samples'>> = {}): Judgement {
    const now = extra.now ?? (samples.at(-1)?.ts ?? T0) + 1_000;
    const j = judgeBatch({ rule: this.r, host: HOST, samples, batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: this.states, now, ...extra });
    for (const s of j.states) {
      // What the store is handed must be what the agreed schemas accept.
      alertStateSchema.parse(s);
      const before = this.states.get(s.entity);
      // The store's check: a write's version is the read version + 1, or 0 when new.
      if (s.version !== (before ? before.version + 1 : 0)) throw new Error(`bad version ${s.version} for ${s.entity}`);
      this.states.set(s.entity, s);
    }
    for (const t of j.transitions) alertEventSchema.parse(t.event);
    for (const s of j.removed) this.states.delete(s.entity);
    this.all.push(j);
    return j;
  }

  kinds(): string[] {
    return this.all.flatMap((j) => j.transitions.map((t) => `${t.kind}@${(t.event.at - T0) / 1000}${t.state.entity ? `:${t.state.entity}` : ''}`));
  }

  status(entity = ''): string | undefined {
    return this.states.get(entity)?.status;
  }
}
