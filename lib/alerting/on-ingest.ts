import 'server-only';
import { judgeBatch, type Judgement } from '@/lib/alerts/evaluate';
import type { AlertState } from '@/lib/alerts/schemas';
import { rulesForHost, watchPatternsForHost } from '@/lib/alerts/scope';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { HostRecord, IngestBatch, Store } from '@/lib/store/types';
import { alertConfig } from './config-cache';
import { hostStates, isSoft, remember } from './host-states';
import { commitOf, isEmptyCommit, mergeCommits } from './outcome';

/**
 * Alerting's part of an accepted batch: judge the host's rules on the
 * batch's fresh samples (incrementally, from the stored states — never a
 * history scan) and commit what changed in one store write. With no rule in
 * the host's scope it costs nothing but a cached config lookup. It returns the
 * process patterns the host's collector should count (the reply's `watch`)
 * and whether anything new is due for delivery.
 */

export interface IngestAlerts {
  watch: string[];
  /** New deliveries were queued: the caller starts the delivery worker. */
  queued: boolean;
}

const ATTEMPTS = 2;
const NO_STATES: ReadonlyMap<string, AlertState> = new Map();

export async function alertsOnIngest(store: Store, host: HostRecord, batch: IngestBatch, receivedAt: number): Promise<IngestAlerts> {
  const cfg = await alertConfig(store, receivedAt);
  const rules = rulesForHost(cfg.rules, host);
  const watch = watchPatternsForHost(cfg.rules, host);
  if (rules.length === 0) return { watch, queued: false };
  const newestTs = batch.samples.reduce((m, s) => Math.max(m, s.ts), 0);
  const clockSkewMs = receivedAt - newestTs;

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const byRule = await hostStates(store, host.id, receivedAt, attempt > 0);
    const commits: AlertCommit[] = [];
    const soft: AlertState[] = [];
    for (const rule of rules) {
      const prev = byRule.get(rule.id) ?? NO_STATES;
      const judged = judgeBatch({ rule, host, samples: batch.samples, batchCounters: batch.counters, clockSkewMs, prev, now: receivedAt });
      // Most rules on most batches change nothing, or only a window's current minute: no commit part to build.
      if (isEmptyJudgement(judged)) continue;
      const { hard, kept } = splitSoft(judged, prev);
      soft.push(...kept);
      if (isEmptyJudgement(hard)) continue;
      commits.push(commitOf(host, rule, prev, hard, cfg, receivedAt));
    }
    const commit = mergeCommits(commits, receivedAt);
    if (isEmptyCommit(commit)) {
      remember(store, host.id, soft, []);
      return { watch, queued: false };
    }
    const result = await store.alerts.commit(commit);
    if (result.ok) {
      remember(store, host.id, [...soft, ...commit.states.flatMap((c) => (c.state ? [c.state] : []))], removedOf(commit));
      return { watch, queued: commit.deliveries.length > 0 };
    }
    // Someone else wrote this host's states meanwhile: read them again and judge the batch again.
  }
  // Still contended: the other writer's judgement of this batch stands; the next batch is judged afresh.
  return { watch, queued: false };
}

/** The process patterns the host's collector should count. */
export async function watchPatterns(store: Store, host: HostRecord, now: number): Promise<string[]> {
  return watchPatternsForHost((await alertConfig(store, now)).rules, host);
}

const isEmptyJudgement = (j: Judgement) => j.states.length === 0 && j.transitions.length === 0 && j.removed.length === 0;

/** Changes that only move the current minute's bucket stay in memory (kept at their stored version). */
function splitSoft(j: Judgement, prev: ReadonlyMap<string, AlertState>): { hard: Judgement; kept: AlertState[] } {
  const transitioned = new Set(j.transitions.map((t) => t.state.entity));
  const kept: AlertState[] = [];
  const states = j.states.filter((s) => {
    const before = prev.get(s.entity);
    if (transitioned.has(s.entity) || !isSoft(before, s)) return true;
    kept.push({ ...s, version: before!.version });
    return false;
  });
  return { hard: { ...j, states }, kept };
}

function removedOf(commit: AlertCommit): AlertState[] {
  return commit.states.filter((c) => c.state === null).map((c) => ({ ruleId: c.key.ruleId, hostId: c.key.hostId, entity: c.key.entity }) as AlertState);
}
