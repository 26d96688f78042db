import 'server-only';
import { AuthError, HttpError } from '@/lib/http/http-error';
import { enforcePerMinute, overLimit, WINDOW_MS } from '@/lib/http/rate-limit';
import { alertsOnIngest, rulesInScope, type IngestAlerts } from '@/lib/alerting/on-ingest';
import { ingestLimitKey } from '@/lib/store/compose';
import { UnknownHostError } from '@/lib/store/errors';
import type { HostClaim, HostIngestOutcome, HostRecord, IngestResult, Store } from '@/lib/store/types';
import type { Batch, IngestReply } from '@/lib/wire/contract';
import { admittedHost, hostTokenClaim, refusedToken } from './authenticate-host';
import { cadenceFor } from './cadence';
import { KnownTokens } from './known-tokens';
import { readJsonBody } from './read-body';
import { validateBatch } from './validate-batch';

export interface IngestOptions {
  ingestPerMinute: number;
  now?: () => number;
  /** The token hints of this process (tests pass their own). */
  known?: KnownTokens;
  /** Host-naming tokens this process saw refused (tests pass their own). */
  refused?: KnownTokens;
}

const processTokens = new KnownTokens();
/**
 * A refusal is final (a token's hash never becomes a host's again: rotation makes a new random one, host
 * ids are never reused), so a collector still posting a rotated or deleted host's token is answered 401
 * from here, before its body is read and without a store command.
 */
const processRefused = new KnownTokens();

/**
 * One collector POST, end to end, and one parse of the body. The reply is
 * sent only after the store has made the batch durable. The token decides,
 * then the rate limit, then the body, as ever (a 401 or 403 before a 429, a
 * 429 before any 400).
 *
 * On a store that fuses them (Redis, Upstash: `store.fusedIngest`) a token
 * that names its host (`hwh_<id>_<secret>`) costs one store command: the body
 * is read and validated first, then one call checks the token, counts the
 * limit and ingests (a body that is refused still goes through the check and
 * the count, so the answers keep their order).
 *
 * Elsewhere (SQLite, where the lookup and the window are in memory, and
 * tokens of the older form) it is three store calls in two round trips: for
 * a token that named a host here before, that host's rate-limit hit goes out
 * with the lookup rather than after it (known-tokens.ts); its answer is used
 * only if the lookup still names that host.
 */
export interface IngestOutcome {
  reply: IngestReply;
  /** Alerting queued notifications: the route starts the delivery worker after answering. */
  deliveriesQueued: boolean;
}

export async function ingestRequest(request: Request, store: Store, options: IngestOptions): Promise<IngestOutcome> {
  const now = options.now ?? Date.now;
  const known = options.known ?? processTokens;
  const { tokenHash, hostId } = hostTokenClaim(request);
  if (hostId !== null && store.fusedIngest) return fusedIngest(request, store, { hostId, tokenHash }, options.ingestPerMinute, now, options.refused ?? processRefused);
  const hinted = known.hostOf(tokenHash);
  const lookup = store.findHostByTokenHash(tokenHash);
  const early = hinted === undefined ? null : enforcePerMinute(store, ingestLimitKey(hinted), options.ingestPerMinute, now());
  // Awaited only once the lookup has admitted the host; a refusal or outage of the lookup is the answer then.
  early?.catch(() => {});
  let host;
  try {
    host = admittedHost(await lookup);
  } catch (err) {
    known.forget(tokenHash);
    throw err;
  }
  if (early && host.id === hinted) await early;
  else await enforcePerMinute(store, ingestLimitKey(host.id), options.ingestPerMinute, now());
  known.remember(tokenHash, host.id);
  // Alerting needs the batch after it is stored only when rules cover the host (a cached lookup); otherwise no frame keeps it.
  const judge = await rulesInScope(store, host, now());
  const { receivedAt, stored, batch } = await submitBody(request, store, host.id, now, judge);
  return replyFor(store, host, judge ? batch : null, await stored, receivedAt);
}

/**
 * The fused path: the body first (under the same caps as ever), then one store call for the token, the
 * limit and the batch. A token refused here before is refused at once.
 */
async function fusedIngest(request: Request, store: Store, claim: HostClaim, perMinute: number, now: () => number, refused: KnownTokens): Promise<IngestOutcome> {
  if (refused.hostOf(claim.tokenHash) !== undefined) throw refusedToken();
  let batch: Batch | null = null;
  let refusal: HttpError | null = null;
  try {
    batch = validateBatch(await readJsonBody(request), now());
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    refusal = err;
  }
  const receivedAt = now();
  let outcome: HostIngestOutcome;
  try {
    outcome = await store.ingestAsHost(claim, { max: perMinute, windowMs: WINDOW_MS }, batch, receivedAt);
  } catch (err) {
    // Deleted between the check and the write (not on Redis, where they are one script): the token names no host.
    if (err instanceof UnknownHostError) throw refusedToken();
    throw err;
  }
  if (outcome.kind === 'refused') {
    refused.remember(claim.tokenHash, claim.hostId);
    throw refusedToken();
  }
  if (outcome.kind === 'disabled') admittedHost(outcome.host);
  if (outcome.kind === 'limited') throw overLimit(perMinute, outcome.resetAt, receivedAt);
  if (refusal || outcome.kind !== 'accepted' || !outcome.result || !batch) throw refusal ?? new Error('ingest: the store accepted no batch');
  const judge = await rulesInScope(store, outcome.host, now());
  return replyFor(store, outcome.host, judge ? batch : null, outcome.result, receivedAt);
}

/** Alerting on what was kept, and the collector's reply. `batch` is null when no rule covers the host (an empty `watch`). */
async function replyFor(store: Store, host: HostRecord, batch: Batch | null, result: IngestResult, receivedAt: number): Promise<IngestOutcome> {
  // A batch of duplicates is judged too: its first delivery may have been stored and never judged (a crash in between).
  // Refused samples are not judged: they are no news of the host (and a batch of nothing else proves nothing).
  const kept = !batch ? null : result.tooOld === 0 ? batch : { ...batch, samples: batch.samples.filter((s) => s.ts >= result.keepsFrom) };
  const alerts: IngestAlerts = kept && kept.samples.length > 0 ? await judgeAlerts(store, host, kept, receivedAt, result.accepted === 0) : { watch: batch ? null : [], queued: false };
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

/**
 * Reads, validates and hands the batch to the store. Its own frame, finished
 * before the store's answer is awaited, so no request holds its batch while
 * the store makes it durable (a group commit waits for a disk sync): the
 * garbage collector would otherwise copy every waiting batch.
 */
async function submitBody(request: Request, store: Store, hostId: string, now: () => number, keep: boolean) {
  const batch = validateBatch(await readJsonBody(request), now());
  const receivedAt = now();
  return { receivedAt, stored: ingestInto(store, hostId, batch, receivedAt), batch: keep ? batch : null };
}

function ingestInto(store: Store, hostId: string, batch: Batch, receivedAt: number): Promise<IngestResult> {
  return store.ingest(hostId, batch, receivedAt).catch((err: unknown) => {
    // Deleted between the token lookup and the write: the token no longer names a host.
    if (err instanceof UnknownHostError) throw new AuthError(401, 'invalid_token', 'The host token is unknown or was rotated.');
    throw err;
  });
}
