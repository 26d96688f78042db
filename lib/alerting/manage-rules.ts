import 'server-only';
import { randomUUID } from 'node:crypto';
import { checkRule, type ParsedRule } from '@/lib/alerts/rules';
import type { AlertRule } from '@/lib/alerts/schemas';
import { Conflict, NotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import { alertConfigChanged } from './config-changed';
import { invalidFields, quoteId } from './field-errors';
import { MAX_RULES } from './limits';

/**
 * Alert rules: checked by checkRule against the registry, the channels and
 * the hosts that exist now (messages name the field), stored with a fresh
 * id. A replacement that changes what is judged (condition or scope) or
 * disables the rule clears the rule's states, so no alert stands for a
 * question nobody asks any more; deleting a rule takes its states and
 * silences with it. Its events stay: they are history.
 */

/** A rule as the API sends it, read against what exists now. */
export async function parseRule(store: Store, input: unknown): Promise<ParsedRule> {
  const [channels, hosts] = await Promise.all([store.alerts.listChannels(), store.listHosts()]);
  const check = checkRule(input, { channelIds: new Set(channels.map((c) => c.id)), hostIds: new Set(hosts.map((h) => h.id)) });
  if (!check.ok) throw invalidFields(check.errors, 'invalid_rule');
  return check.rule;
}

async function findRule(store: Store, id: string): Promise<AlertRule> {
  const rule = await store.alerts.getRule(id);
  if (!rule) throw new NotFound(`No alert rule with id ${quoteId(id)}.`);
  return rule;
}

export async function listRules(store: Store): Promise<{ rules: AlertRule[] }> {
  const rules = await store.alerts.listRules();
  return { rules: rules.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)) };
}

export const getRule = findRule;

export async function createRule(store: Store, input: unknown, now: number): Promise<AlertRule> {
  const parsed = await parseRule(store, input);
  if ((await store.alerts.listRules()).length >= MAX_RULES) throw new Conflict('too_many_rules', `At most ${MAX_RULES} alert rules; delete one first.`);
  const rule: AlertRule = { ...parsed, id: randomUUID(), createdAt: now, updatedAt: now };
  await store.alerts.createRule(rule);
  alertConfigChanged(store);
  return rule;
}

/** JSON with sorted keys: stored rules come back from JSON, so key order says nothing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether the states judged under `old` mean nothing under `next`. */
export function clearsStates(old: AlertRule, next: ParsedRule): boolean {
  return canonical(old.condition) !== canonical(next.condition) || canonical(old.scope) !== canonical(next.scope) || (old.enabled && !next.enabled);
}

export async function replaceRule(store: Store, id: string, input: unknown, now: number): Promise<AlertRule> {
  const old = await findRule(store, id);
  const parsed = await parseRule(store, input);
  const rule: AlertRule = { ...parsed, id, createdAt: old.createdAt, updatedAt: now };
  const stored = await store.alerts.updateRule(rule);
  if (!stored) throw new NotFound(`No alert rule with id ${quoteId(id)}.`);
  if (clearsStates(old, parsed)) await store.alerts.deleteStatesOfRule(id);
  alertConfigChanged(store);
  return stored;
}

export async function deleteRule(store: Store, id: string): Promise<void> {
  const existed = await store.alerts.deleteRule(id);
  // Cleaned even when the rule is already gone, so a retried DELETE finishes what an outage cut short.
  await store.alerts.deleteStatesOfRule(id);
  for (const silence of await store.alerts.listSilences()) {
    if (silence.ruleId === id) await store.alerts.deleteSilence(silence.id);
  }
  alertConfigChanged(store);
  if (!existed) throw new NotFound(`No alert rule with id ${quoteId(id)}.`);
}
