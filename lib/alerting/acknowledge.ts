import 'server-only';
import { acknowledge } from '@/lib/alerts/repeats';
import type { AlertState } from '@/lib/alerts/schemas';
import { Conflict, NotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import type { AcknowledgeBody } from './api-schemas';
import { quoteId } from './field-errors';
import { forgetHost } from './host-states';

/**
 * Someone takes a firing alert: its reminders stop until it resolves. The
 * state and its 'acknowledged' event are one versioned commit, so it cannot
 * undo a transition another writer (an ingest, the tick) made meanwhile: on a
 * conflict the state is read again and, if still firing, acknowledged again.
 * Acknowledging twice answers the acknowledged state.
 */

const ATTEMPTS = 2;

async function readState(store: Store, key: AcknowledgeBody): Promise<AlertState> {
  const states = await store.alerts.getHostStates(key.hostId);
  const state = states.find((s) => s.ruleId === key.ruleId && s.entity === key.entity);
  if (!state) throw new NotFound(`No alert of rule ${quoteId(key.ruleId)} on host ${quoteId(key.hostId)}${key.entity ? ` for ${quoteId(key.entity)}` : ''}.`);
  return state;
}

export async function acknowledgeAlert(store: Store, key: AcknowledgeBody, by: { userId: string }, now: number): Promise<AlertState> {
  const [rule, host] = await Promise.all([store.alerts.getRule(key.ruleId), store.getHost(key.hostId)]);
  if (!rule) throw new NotFound(`No alert rule with id ${quoteId(key.ruleId)}.`);
  if (!host) throw new NotFound(`No host with id ${quoteId(key.hostId)}.`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const state = await readState(store, key);
    if (state.status !== 'firing') throw new Conflict('not_firing', `This alert is ${state.status}, not firing: only a firing alert can be acknowledged.`);
    const acked = acknowledge(state, { userId: by.userId, rule, host, now });
    if (!acked) return state; // already acknowledged
    const result = await store.alerts.commit({
      states: [{ key: { ruleId: state.ruleId, hostId: state.hostId, entity: state.entity }, expectedVersion: state.version, state: acked.state }],
      events: [acked.event],
      deliveries: [],
      now,
    });
    if (result.ok) {
      // This process's cached view of the host is older than the commit; the next batch reads it again.
      forgetHost(store, key.hostId);
      return acked.state;
    }
  }
  throw new Conflict('alert_changed', 'The alert changed while it was being acknowledged; look again and retry.');
}
