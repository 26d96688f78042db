import 'server-only';
import { AuthError } from '@/lib/http/http-error';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import { alertsOnIngest, type IngestAlerts } from '@/lib/alerting/on-ingest';
import { UnknownHostError } from '@/lib/store/errors';
import type { Store } from '@/lib/store/types';
import type { IngestReply } from '@/lib/wire/contract';
import { authenticateHost } from './authenticate-host';
import { cadenceFor } from './cadence';
import { readJsonBody } from './read-body';
import { validateBatch } from './validate-batch';

export interface IngestOptions {
  ingestPerMinute: number;
  now?: () => number;
}

/**
 * One collector POST, end to end: three store round trips on the hot path
 * (token lookup, rate limit, the atomic ingest) and one parse of the body.
 * The reply is sent only after the store has made the batch durable.
 */
export interface IngestOutcome {
  reply: IngestReply;
  /** Alerting queued notifications: the route starts the delivery worker after answering. */
  deliveriesQueued: boolean;
}

export async function ingestRequest(request: Request, store: Store, options: IngestOptions): Promise<IngestOutcome> {
  const now = options.now ?? Date.now;
  const host = await authenticateHost(request, store);
  await enforcePerMinute(store, `ingest:${host.id}`, options.ingestPerMinute, now());
  const batch = validateBatch(await readJsonBody(request), now());
  const receivedAt = now();
  const result = await store.ingest(host.id, batch, receivedAt).catch((err: unknown) => {
    // Deleted between the token lookup and the write: the token no longer names a host.
    if (err instanceof UnknownHostError) throw new AuthError(401, 'invalid_token', 'The host token is unknown or was rotated.');
    throw err;
  });
  // A batch of duplicates is judged too: its first delivery may have been stored and never judged (a crash in between).
  // Refused samples are not judged: they are no news of the host (and a batch of nothing else proves nothing).
  const kept = result.tooOld === 0 ? batch : { ...batch, samples: batch.samples.filter((s) => s.ts >= result.keepsFrom) };
  const alerts: IngestAlerts = kept.samples.length > 0 ? await judgeAlerts(store, host, kept, receivedAt, result.accepted === 0) : { watch: null, queued: false };
  const reply: IngestReply = { accepted: result.accepted, duplicates: result.duplicates, ...cadenceFor(result.watchedUntil, receivedAt) };
  if (result.tooOld > 0) reply.refused = { count: result.tooOld, reason: tooOldReason(result.keepsFrom, receivedAt) };
  // Always said when known, also when empty: a collector drops the patterns of rules deleted since.
  if (alerts.watch) reply.watch = alerts.watch;
  return { reply, deliveriesQueued: alerts.queued };
}

/** Why samples were refused, for the collector's log: how far back this server keeps anything. */
export function tooOldReason(keepsFrom: number, receivedAt: number): string {
  const days = Math.round((receivedAt - keepsFrom) / 86_400_000);
  return `stamped more than ${days} days before the server's clock, older than any history it keeps: check the host's clock`;
}

/**
 * The batch is durable before alerting looks at it, so a failure there must
 * not fail the request: the collector would resend a stored batch forever.
 * It is logged; the tick and the next batch judge again.
 */
async function judgeAlerts(store: Store, host: Parameters<typeof alertsOnIngest>[1], batch: Parameters<typeof alertsOnIngest>[2], receivedAt: number, resent: boolean): Promise<IngestAlerts> {
  try {
    return await alertsOnIngest(store, host, batch, receivedAt, { resent });
  } catch (err) {
    console.error(`Hostwatch alerts: judging a batch of host ${host.id} failed: ${(err as Error).message}`);
    // No patterns known this time: the collector keeps counting the last ones.
    return { watch: null, queued: false };
  }
}
