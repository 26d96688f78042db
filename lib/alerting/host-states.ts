import 'server-only';
import type { AlertState } from '@/lib/alerts/schemas';
import type { Store } from '@/lib/store/types';

/**
 * This process's view of each host's alert states, so a steady host's batch
 * costs no state read. It is a cache, never the truth: every write is a
 * versioned commit, and a commit that meets a newer version (another
 * instance, the tick, an acknowledgement) is refused, the host is read again
 * and judged again. A host is also read again after a pause in its batches
 * (the tick may have fired "host down" meanwhile), when its samples do not
 * follow on from the last ones this process judged (behind a load balancer
 * the batches in between went to another instance, whose judgement of them
 * — a value back under the threshold that ended a for-duration — may have
 * written nothing this process would trip over), and at least every
 * REFRESH_MS.
 *
 * Windowed conditions change their current minute's bucket on every sample;
 * that change stays here until the minute ends (`soft`), so a windowed rule
 * costs one write per minute, not one per batch.
 */

const REFRESH_MS = 60_000;
const GAP_MS = 30_000;
const MAX_HOSTS = 20_000;

interface Entry {
  /** By rule id, then entity. */
  byRule: Map<string, Map<string, AlertState>>;
  readAt: number;
  lastBatchAt: number;
  /** The newest sample time (host clock) of the batches judged on this view. */
  newestTs: number;
}

/** Where a batch's samples lie on the host's clock: the next batch of a steady host starts one interval after the newest. */
export interface BatchSpan {
  oldest: number;
  newest: number;
  intervalMs: number;
}

/** Samples this much later than one interval after the last judged one mean batches went elsewhere (or were lost). */
const FOLLOW_SLACK = 1.5;

export function spanOf(samples: readonly { ts: number; intervalMs: number }[]): BatchSpan {
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  let intervalMs = 0;
  for (const s of samples) {
    oldest = Math.min(oldest, s.ts);
    if (s.ts > newest) [newest, intervalMs] = [s.ts, s.intervalMs];
  }
  return { oldest, newest, intervalMs };
}

const follows = (entry: Entry, span: BatchSpan) => span.oldest <= entry.newestTs + FOLLOW_SLACK * span.intervalMs;

const caches = new WeakMap<Store, Map<string, Entry>>();

function cacheOf(store: Store): Map<string, Entry> {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
}

function group(states: readonly AlertState[]): Map<string, Map<string, AlertState>> {
  const byRule = new Map<string, Map<string, AlertState>>();
  for (const s of states) {
    let m = byRule.get(s.ruleId);
    if (!m) byRule.set(s.ruleId, (m = new Map()));
    m.set(s.entity, s);
  }
  return byRule;
}

export async function hostStates(store: Store, hostId: string, now: number, span: BatchSpan, fresh = false): Promise<Map<string, Map<string, AlertState>>> {
  const cache = cacheOf(store);
  const hit = cache.get(hostId);
  if (hit && !fresh && now - hit.readAt < REFRESH_MS && now - hit.lastBatchAt < GAP_MS && now >= hit.readAt && follows(hit, span)) {
    hit.lastBatchAt = now;
    hit.newestTs = Math.max(hit.newestTs, span.newest);
    return hit.byRule;
  }
  const byRule = group(await store.alerts.getHostStates(hostId));
  if (hit) keepSoft(hit.byRule, byRule);
  cache.delete(hostId);
  if (cache.size >= MAX_HOSTS) cache.delete(cache.keys().next().value!);
  cache.set(hostId, { byRule, readAt: now, lastBatchAt: now, newestTs: span.newest });
  return byRule;
}

/**
 * A re-read replaces what this process knew, except its soft changes: a
 * cached state that is a soft change of the stored one (same version, same
 * minutes) holds the current minute's values the store has not seen yet.
 * Without this, every refresh would drop part of a minute from the window.
 */
function keepSoft(cached: Map<string, Map<string, AlertState>>, stored: Map<string, Map<string, AlertState>>): void {
  for (const [ruleId, states] of stored) {
    for (const [entity, s] of states) {
      const mine = cached.get(ruleId)?.get(entity);
      if (mine && mine !== s && mine.version === s.version && isSoft(s, mine)) states.set(entity, mine);
    }
  }
}

/** After a successful commit (or a soft change): the states this process now knows. */
export function remember(store: Store, hostId: string, states: readonly AlertState[], removed: readonly AlertState[]): void {
  const entry = cacheOf(store).get(hostId);
  if (!entry) return;
  for (const s of states) {
    let m = entry.byRule.get(s.ruleId);
    if (!m) entry.byRule.set(s.ruleId, (m = new Map()));
    m.set(s.entity, s);
  }
  for (const s of removed) entry.byRule.get(s.ruleId)?.delete(s.entity);
}

export function forgetHost(store: Store, hostId: string): void {
  cacheOf(store).delete(hostId);
}

export function forgetAll(store: Store): void {
  caches.delete(store);
}

/**
 * A change only within the current minute's bucket of a windowed condition:
 * same status, times and counters, same set of minutes. Kept in memory until
 * the minute turns (then the full window is written).
 */
export function isSoft(prev: AlertState | undefined, next: AlertState): boolean {
  if (!prev || prev.status !== next.status || prev.since !== next.since || prev.seq !== next.seq) return false;
  if (prev.notifiedAt !== next.notifiedAt || prev.acknowledgedBy !== next.acknowledgedBy) return false;
  if (next.status !== 'ok' && prev.value !== next.value) return false;
  if (prev.window.length === 0 || prev.window.length !== next.window.length) return false;
  return prev.window.every((b, i) => b[0] === next.window[i]![0]);
}
