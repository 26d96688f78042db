import 'server-only';
import { renderNotice } from '@/lib/alerts/messages';
import type { Delivery, DeliveryAttempt } from '@/lib/alerts/schemas';
import { sendNotice, type AddressPolicy } from '@/lib/notify';
import type { Store } from '@/lib/store/types';
import { recordDeliveries } from '@/lib/export/health-metrics';

/**
 * The delivery worker: takes due notifications from the store's queue under
 * a lease (so two instances never send the same one), sends each, and records
 * the attempt. A 5xx, a 429 or a network error is retried with backoff; a
 * dead receiver costs at most its timeout and never holds up the others,
 * because the claimed deliveries go out side by side.
 *
 * Exactly once: a delivery is created with its transition in one commit, and
 * it is marked sent right after the receiver's 2xx. Only a crash between that
 * 2xx and the mark (a few ms) can send it again, after the lease ends; every
 * request carries the delivery id (webhook: X-Hostwatch-Delivery) for a
 * receiver that wants to drop such a repeat.
 */

export const LEASE_MS = 30_000;
/** One send must end well inside the lease, or another instance could claim and send it again meanwhile. */
const MAX_SEND_MS = LEASE_MS / 2;
export const MAX_ATTEMPTS = 10;
const CLAIM_LIMIT = 25;

/** 30 s, 1 min, 2 min, … capped at 30 min: ten attempts span about four hours. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

export interface DeliverOptions {
  /** Where links in messages point (the dashboard's public URL). */
  baseUrl: string;
  timeoutMs?: number;
  /** Which addresses may be reached (default: HOSTWATCH_ALERTS_ALLOW_PRIVATE); tests pass their own. */
  policy?: AddressPolicy;
}

export interface DeliverResult {
  sent: number;
  retried: number;
  failed: number;
}

export async function deliverDue(store: Store, now: number, options: DeliverOptions): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0 };
  const claimed = await store.alerts.claimDeliveries(now, LEASE_MS, CLAIM_LIMIT);
  const outcomes = await Promise.all(claimed.map((d) => deliverOne(store, d, now, options)));
  for (const o of outcomes) result[o]++;
  recordDeliveries(result);
  return result;
}

async function deliverOne(store: Store, delivery: Delivery, now: number, options: DeliverOptions): Promise<keyof DeliverResult> {
  const [event, channel] = await Promise.all([store.alerts.getEvent(delivery.eventId), store.alerts.getChannel(delivery.channelId)]);
  const attempts = delivery.attempts + 1;
  const attempt = (ok: boolean, status: number | null, detail: string): DeliveryAttempt => ({
    deliveryId: delivery.id,
    channelId: delivery.channelId,
    eventId: delivery.eventId,
    at: now,
    ok,
    status,
    detail: detail.slice(0, 300),
  });
  if (!event || !channel) {
    await store.alerts.finishDelivery(delivery.id, attempt(false, null, !channel ? 'The channel was deleted.' : 'The alert event is no longer kept.'), { status: 'failed' });
    return 'failed';
  }
  const rule = await store.alerts.getRule(event.ruleId);
  if (!rule) {
    await store.alerts.finishDelivery(delivery.id, attempt(false, null, 'The rule was deleted.'), { status: 'failed' });
    return 'failed';
  }
  let notice;
  try {
    notice = renderNotice(event, { rule, hostName: event.hostName, baseUrl: options.baseUrl, now });
  } catch (err) {
    // A message that cannot be written never will be: fail it now rather than retry it forever.
    await store.alerts.finishDelivery(delivery.id, attempt(false, null, `Could not write the message: ${(err as Error).message}`), { status: 'failed' });
    return 'failed';
  }
  const sent = await sendNotice(channel, notice, { deliveryId: delivery.id, now, timeoutMs: options.timeoutMs === undefined ? undefined : Math.min(options.timeoutMs, MAX_SEND_MS), policy: options.policy }).catch((err: Error) => ({
    ok: false,
    status: null,
    detail: `Could not send: ${err.message}`,
    retryable: true,
  }));
  if (sent.ok) {
    await store.alerts.finishDelivery(delivery.id, attempt(true, sent.status, sent.detail), { status: 'sent' });
    return 'sent';
  }
  if (sent.retryable && attempts < MAX_ATTEMPTS) {
    await store.alerts.finishDelivery(delivery.id, attempt(false, sent.status, sent.detail), { status: 'queued', dueAt: now + backoffMs(attempts) });
    return 'retried';
  }
  await store.alerts.finishDelivery(delivery.id, attempt(false, sent.status, sent.detail), { status: 'failed' });
  return 'failed';
}
