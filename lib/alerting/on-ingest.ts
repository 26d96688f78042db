import 'server-only';
import { judgeBatch, type Judgement } from '@/lib/alerts/evaluate';
import type { AlertState } from '@/lib/alerts/schemas';
import { rulesForHost, watchPatternsForHost } from '@/lib/alerts/scope';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { HostRecord, IngestBatch, Store } from '@/lib/store/types';
import { alertConfig } from './config-cache';
import { hostStates, isSoft, remember, spanOf } from './host-states';
import { collectorPresent } from './late';
import { commitOf, isEmptyCommit, mergeCommits } from './outcome';
import { recordAlertEvaluation } from '@/lib/export/health-metrics';

/**
 * Alerting's part of an accepted batch: judge the host's rules on the
 * batch's fresh samples (incrementally, from the stored states — never a
 * history scan) and commit what changed in one store write. With no rule in
 * the host's scope it costs nothing but a cached config lookup. It returns the
 * process patterns the host's collector should count (the reply's `watch`)
 * and whether anything new is due for delivery.
 */

export interface IngestAlerts {
  /** Null when alerting could not say (the collector keeps its last patterns). */
  watch: string[] | null;
  /** New deliveries were queued: the caller starts the delivery worker. */
  queued: boolean;
}

const ATTEMPTS = 2;
const NO_STATES: ReadonlyMap<string, AlertState> = new Map();

export interface IngestAlertOptions {
  /**
   * Every sample was stored before: the collector resent a batch whose answer
   * it never got — perhaps because this server died between storing and
   * judging it. Judging it again is safe for conditions on sample time (values
   * at or before a state's newest are skipped) and proves the host alive; the
   * ones judged at receipt (dropped samples, clock skew) would count the
   * resend's delay or its drops twice, so they wait for the next batch.
   */
  resent?: boolean;
}

const RECEIPT_CONDITIONS: ReadonlySet<string> = new Set(['dropping', 'clock_skew']);

export async function alertsOnIngest(store: Store, host: HostRecord, batch: IngestBatch, receivedAt: number, options: IngestAlertOptions = {}): Promise<IngestAlerts> {
  const cfg = await alertConfig(store, receivedAt);
  const rules = rulesForHost(cfg.rules, host).filter((r) => !options.resent || !RECEIPT_CONDITIONS.has(r.condition.kind));
  const watch = watchPatternsForHost(cfg.rules, host);
  if (rules.length === 0) return { watch, queued: false };
  recordAlertEvaluation('ingest');
  const newestTs = batch.samples.reduce((m, s) => Math.max(m, s.ts), 0);
  const clockSkewMs = receivedAt - newestTs;
  const present = collectorPresent(batch);
  const span = spanOf(batch.samples);

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const byRule = await hostStates(store, host.id, receivedAt, span, attempt > 0);
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
      commits.push(commitOf(host, rule, prev, hard, cfg, receivedAt, { present }));
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
  // Still contended (another writer changed this host's states twice while this batch was judged): the next batch is
  // judged afresh from the stored states, so a for-duration goes on; only a transition this batch alone would have made is lost.
  return { watch, queued: false };
}

/** Whether any enabled rule covers the host (from the cached config): if not, a batch needs no judging. */
export async function rulesInScope(store: Store, host: HostRecord, now: number): Promise<boolean> {
  return rulesForHost((await alertConfig(store, now)).rules, host).length > 0;
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
