import 'server-only';
import type { Judgement } from '@/lib/alerts/evaluate';
import type { AlertRule, AlertState, Delivery } from '@/lib/alerts/schemas';
import { suppressionFor } from '@/lib/alerts/suppress';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { AlertConfig } from './config-cache';

/**
 * Turns what the state machine decided for one rule on one host into part
 * of one atomic store commit: the changed states (with the version they were
 * read at), an event per transition, and a delivery per (event, channel)
 * unless a maintenance window or a silence covers it. Event ids are
 * deterministic and a delivery's id is its event's plus the channel, so two
 * instances that judge the same transition write the same ids; the store's
 * version check lets only one of them commit.
 */
export function commitOf(
  host: { id: string; tags: readonly string[] },
  rule: AlertRule,
  prev: ReadonlyMap<string, AlertState>,
  judgement: Judgement,
  cfg: Pick<AlertConfig, 'channels' | 'windows' | 'silences'>,
  now: number,
): AlertCommit {
  const events = [];
  const deliveries: Delivery[] = [];
  for (const t of judgement.transitions) {
    const suppressed = suppressionFor({ ruleId: rule.id, host, entity: t.state.entity }, cfg.windows, cfg.silences, now);
    events.push({ ...t.event, suppressed });
    if (suppressed) continue;
    for (const channelId of rule.channelIds) {
      if (!cfg.channels.has(channelId)) continue;
      deliveries.push({ id: `${t.event.id}:${channelId}`, eventId: t.event.id, channelId, status: 'queued', attempts: 0, dueAt: now, leaseUntil: null, createdAt: now });
    }
  }
  const keyOf = (s: AlertState) => ({ ruleId: s.ruleId, hostId: s.hostId, entity: s.entity });
  return {
    states: [
      ...judgement.states.map((state) => ({ key: keyOf(state), expectedVersion: prev.get(state.entity)?.version ?? null, state })),
      ...judgement.removed.map((gone) => ({ key: keyOf(gone), expectedVersion: gone.version, state: null })),
    ],
    events,
    deliveries,
    now,
  };
}

export function mergeCommits(commits: readonly AlertCommit[], now: number): AlertCommit {
  return {
    states: commits.flatMap((c) => c.states),
    events: commits.flatMap((c) => c.events),
    deliveries: commits.flatMap((c) => c.deliveries),
    now,
  };
}

export const isEmptyCommit = (c: AlertCommit) => c.states.length === 0 && c.events.length === 0 && c.deliveries.length === 0;
