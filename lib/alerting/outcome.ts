import 'server-only';
import type { Judgement } from '@/lib/alerts/evaluate';
import type { AlertEvent, AlertRule, AlertState, Delivery } from '@/lib/alerts/schemas';
import { suppressionFor } from '@/lib/alerts/suppress';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { AlertConfig } from './config-cache';
import { isLate } from './late';

/**
 * Turns what the state machine decided for one rule on one host into part
 * of one atomic store commit: the changed states (with the version they were
 * read at), an event per transition, and a delivery per (event, channel)
 * unless a maintenance window or a silence covers it, or it is late news
 * (late.ts). Event ids are deterministic and a delivery's id is its event's
 * plus the channel, so two instances that judge the same transition write
 * the same ids; the store's version check lets only one of them commit.
 *
 * A firing that went out to nobody keeps `notifiedAt` null: the tick sends it
 * once nothing holds it back any more (a maintenance window ended while the
 * disk is still full), instead of never.
 */
export interface OutcomeOptions {
  /** The collector's present on its own clock (late.ts collectorPresent), when judging a batch. */
  present?: number;
}

export function commitOf(
  host: { id: string; tags: readonly string[] },
  rule: AlertRule,
  prev: ReadonlyMap<string, AlertState>,
  judgement: Judgement,
  cfg: Pick<AlertConfig, 'channels' | 'windows' | 'silences'>,
  now: number,
  options: OutcomeOptions = {},
): AlertCommit {
  const events: AlertEvent[] = [];
  const deliveries: Delivery[] = [];
  // Per entity: whether its current firing was sent (judged in this batch, else as stored).
  const sent = new Map<string, boolean>();
  const firingSent = (entity: string) => sent.get(entity) ?? (prev.get(entity)?.notifiedAt ?? null) !== null;
  for (const t of judgement.transitions) {
    const entity = t.state.entity;
    let suppressed: AlertEvent['suppressed'] = suppressionFor({ ruleId: rule.id, host, entity }, cfg.windows, cfg.silences, now);
    const late = options.present !== undefined && isLate(rule, t.event.at, options.present);
    if (!suppressed && late && (t.kind === 'firing' || (t.kind === 'resolved' && !firingSent(entity)))) suppressed = 'late';
    if (t.kind === 'firing') sent.set(entity, suppressed === null);
    events.push({ ...t.event, suppressed });
    if (suppressed) continue;
    for (const channelId of rule.channelIds) {
      if (!cfg.channels.has(channelId)) continue;
      deliveries.push({ id: `${t.event.id}:${channelId}`, eventId: t.event.id, channelId, status: 'queued', attempts: 0, dueAt: now, leaseUntil: null, createdAt: now });
    }
  }
  const written = judgement.states.map((s) => (s.status === 'firing' && sent.get(s.entity) === false ? { ...s, notifiedAt: null } : s));
  const keyOf = (s: AlertState) => ({ ruleId: s.ruleId, hostId: s.hostId, entity: s.entity });
  return {
    states: [
      ...written.map((state) => ({ key: keyOf(state), expectedVersion: prev.get(state.entity)?.version ?? null, state })),
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
