import 'server-only';
import { judgeTick, type Judgement } from '@/lib/alerts/evaluate';
import { dueRepeats } from '@/lib/alerts/repeats';
import type { AlertState } from '@/lib/alerts/schemas';
import { rulesForHost } from '@/lib/alerts/scope';
import { suppressionFor } from '@/lib/alerts/suppress';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { Store } from '@/lib/store/types';
import { alertConfig } from './config-cache';
import { commitOf, isEmptyCommit, mergeCommits } from './outcome';
import { recordAlertEvaluation } from '@/lib/export/health-metrics';

/**
 * What needs time to pass, judged for the whole fleet in a fixed number of
 * store round trips: the config (cached), the fleet's last-seen times, the
 * states of the rules judged here (statesOf), then one commit per host that
 * has something new. "Host down"
 * fires here; reminders go out here; nothing here judges a metric, so a
 * silent host never fires or completes a "for" duration on stale data.
 */

/**
 * A host silent this long, or whose collector is still sending a backlog (its
 * newest data is old), gets no reminders of alerts judged on its samples:
 * they would repeat stale news. Host-down reminders go on.
 */
const SILENT_MS = 2 * 60_000;

export interface TickResult {
  hosts: number;
  transitions: number;
  commits: number;
  /** Commits refused because another writer changed the host's states first; judged again next tick. */
  conflicts: number;
  /** Store round trips made (config reads excluded when cached). */
  roundTrips: number;
}

export async function alertTick(store: Store, now: number): Promise<TickResult> {
  const result: TickResult = { hosts: 0, transitions: 0, commits: 0, conflicts: 0, roundTrips: 0 };
  const cfg = await alertConfig(store, now);
  // Every rule: besides host down and reminders, any firing that went out to nobody is sent once nothing holds it back.
  const rules = cfg.rules.filter((r) => r.enabled);
  if (rules.length === 0) return result;
  recordAlertEvaluation('tick');
  const [fleet, states] = await Promise.all([store.getFleet(), statesOf(store, rules)]);
  result.roundTrips += 1 + states.roundTrips;
  const byHost = groupStates(states.states);

  const commits: AlertCommit[] = [];
  for (const { host, state } of fleet) {
    // A disabled host may not send: its silence is an admin's decision, not an outage.
    if (host.disabled) continue;
    const scoped = rulesForHost(rules, host);
    if (scoped.length === 0) continue;
    result.hosts++;
    const lastSeen = state?.lastSeen ?? null;
    const stale = lastSeen !== null && (now - lastSeen > SILENT_MS || (state?.counters.spooled ?? 0) > 0);
    const own = byHost.get(host.id);
    const perRule: AlertCommit[] = [];
    for (const rule of scoped) {
      const prev = own?.get(rule.id) ?? new Map<string, AlertState>();
      const judged = judgeTick({ rule, host, lastSeen, prev, now });
      const changed = new Set(judged.states.map((s) => s.entity));
      // A state the tick just changed is not also reminded of in the same round; one never notified waits while it is still suppressed.
      const held = (s: AlertState) => s.notifiedAt === null && suppressionFor({ ruleId: rule.id, host, entity: s.entity }, cfg.windows, cfg.silences, now) !== null;
      const repeats = dueRepeats({ rule, host, states: [...prev.values()].filter((s) => !changed.has(s.entity) && !held(s)), now, hostDown: stale });
      const all: Judgement = {
        states: [...judged.states, ...repeats.map((t) => t.state)],
        transitions: [...judged.transitions, ...repeats],
        removed: judged.removed,
      };
      result.transitions += all.transitions.length;
      perRule.push(commitOf(host, rule, prev, all, cfg, now));
    }
    const commit = mergeCommits(perRule, now);
    if (!isEmptyCommit(commit)) commits.push(commit);
  }
  const outcomes = await Promise.all(commits.map((c) => store.alerts.commit(c)));
  result.roundTrips += commits.length;
  for (const o of outcomes) {
    if (o.ok) result.commits++;
    else result.conflicts++;
  }
  return result;
}

/** Past this many rules judged here, one read of every state costs less than one read per rule. */
const MAX_RULE_READS = 4;

/**
 * The states the tick judges: those of the enabled rules (a disabled rule's
 * are left alone), a few rules one by one side by side, more in one read.
 */
async function statesOf(store: Store, rules: readonly { id: string }[]): Promise<{ states: AlertState[]; roundTrips: number }> {
  if (rules.length > MAX_RULE_READS) return { states: await store.alerts.listStates(), roundTrips: 1 };
  const perRule = await Promise.all(rules.map((r) => store.alerts.listStates({ ruleId: r.id })));
  return { states: perRule.flat(), roundTrips: rules.length };
}

function groupStates(states: readonly AlertState[]): Map<string, Map<string, Map<string, AlertState>>> {
  const out = new Map<string, Map<string, Map<string, AlertState>>>();
  for (const s of states) {
    let host = out.get(s.hostId);
    if (!host) out.set(s.hostId, (host = new Map()));
    let rule = host.get(s.ruleId);
    if (!rule) host.set(s.ruleId, (rule = new Map()));
    rule.set(s.entity, s);
  }
  return out;
}
