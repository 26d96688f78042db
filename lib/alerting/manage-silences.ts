import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Silence } from '@/lib/alerts/schemas';
import { Conflict, NotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import type { CreateSilenceBody } from './api-schemas';
import { alertConfigChanged } from './config-changed';
import { invalidFields, quoteId, type FieldError } from './field-errors';
import { MAX_SILENCE_MS, MAX_SILENCES } from './limits';

/**
 * Silences mute one rule (optionally one host, one entity) until a time. A
 * silence past its end does nothing, so it is not listed and is removed
 * when the next one is made: the stored set stays the active set.
 */

const DAY = 86_400_000;

export async function listSilences(store: Store, now: number): Promise<{ silences: Silence[] }> {
  const silences = (await store.alerts.listSilences()).filter((s) => s.until > now);
  return { silences: silences.sort((a, b) => a.until - b.until || (a.id < b.id ? -1 : 1)) };
}

export async function createSilence(store: Store, body: CreateSilenceBody, by: { userId: string }, now: number): Promise<Silence> {
  const errors: FieldError[] = [];
  if (body.until <= now) errors.push({ path: 'until', message: 'must be in the future' });
  else if (body.until - now > MAX_SILENCE_MS) errors.push({ path: 'until', message: `must be at most ${MAX_SILENCE_MS / DAY} days ahead (disable the rule, or use a maintenance window)` });
  const [rule, host] = await Promise.all([store.alerts.getRule(body.ruleId), body.hostId === undefined ? null : store.getHost(body.hostId)]);
  if (!rule) errors.push({ path: 'ruleId', message: `unknown rule ${quoteId(body.ruleId)}` });
  if (body.hostId !== undefined && !host) errors.push({ path: 'hostId', message: `unknown host ${quoteId(body.hostId)}` });
  if (errors.length > 0) throw invalidFields(errors);

  const stored = await store.alerts.listSilences();
  const expired = stored.filter((s) => s.until <= now);
  for (const s of expired) await store.alerts.deleteSilence(s.id);
  if (stored.length - expired.length >= MAX_SILENCES) throw new Conflict('too_many_silences', `At most ${MAX_SILENCES} active silences; delete one first.`);
  const silence: Silence = {
    id: randomUUID(),
    ruleId: body.ruleId,
    ...(body.hostId !== undefined ? { hostId: body.hostId } : {}),
    ...(body.entity !== undefined ? { entity: body.entity } : {}),
    until: body.until,
    comment: body.comment,
    createdBy: by.userId.slice(0, 64),
    createdAt: now,
  };
  await store.alerts.createSilence(silence);
  alertConfigChanged(store);
  return silence;
}

export async function deleteSilence(store: Store, id: string): Promise<void> {
  if (!(await store.alerts.deleteSilence(id))) throw new NotFound(`No silence with id ${quoteId(id)}.`);
  alertConfigChanged(store);
}
