import 'server-only';
import { AuthError, HttpError } from '@/lib/http/http-error';
import { enforcePerMinute, overLimit, WINDOW_MS } from '@/lib/http/rate-limit';
import { alertsOnIngest, rulesInScope, type IngestAlerts } from '@/lib/alerting/on-ingest';
import { ingestLimitKey } from '@/lib/store/compose';
import { UnknownHostError } from '@/lib/store/errors';
import type { HostClaim, HostIngestOutcome, HostRecord, IngestResult, Store } from '@/lib/store/types';
import type { Batch, IngestReply, Sample } from '@/lib/wire/contract';
import type { AcceptedSink } from './accepted-sink';
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
  /** Where stored samples go next (remote write); absent, ingest does nothing more. */
  forward?: AcceptedSink;
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
 * that names its host (`hwh_<id>_<secret>`) and that this process has seen
 * admitted costs one store command: the body is read and validated first,
 * then one call checks the token, counts the limit and ingests (a body that
 * is refused still goes through the check and the count, so the answers keep
 * their order). A token's first POST to a process takes the path below, so
 * no unproven token gets its body read.
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
  const refused = options.refused ?? processRefused;
  const { tokenHash, hostId } = hostTokenClaim(request);
  if (hostId !== null && refused.hostOf(tokenHash) !== undefined) throw refusedToken();
  // Fused only for a token this process has seen admitted: an unknown one is checked before its body is read,
  // so a made-up token naming a real host id cannot have the server parse megabytes for a 401.
  if (hostId !== null && store.fusedIngest && known.hostOf(tokenHash) === hostId) {
    return fusedIngest(request, store, { hostId, tokenHash }, options, now, known, refused);
  }
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
    // An unknown host-naming token stays unknown (see processRefused): its replays cost no command.
    if (hostId !== null && err instanceof AuthError && err.status === 401) refused.remember(tokenHash, hostId);
    throw err;
  }
  if (early && host.id === hinted) await early;
  else await enforcePerMinute(store, ingestLimitKey(host.id), options.ingestPerMinute, now());
  known.remember(tokenHash, host.id);
  // Alerting needs the batch after it is stored only when rules cover the host (a cached lookup); otherwise no frame keeps it.
  const judge = await rulesInScope(store, host, now());
  const { receivedAt, stored, batch } = await submitBody(request, store, host.id, now, judge || options.forward !== undefined);
  return replyFor(store, host, batch, judge, await stored, receivedAt, options.forward);
}

/**
 * The fused path, for a token this process has admitted before: the body first (under the same caps as
 * ever), then one store call for the token, the limit and the batch.
 */
async function fusedIngest(request: Request, store: Store, claim: HostClaim, options: IngestOptions, now: () => number, known: KnownTokens, refused: KnownTokens): Promise<IngestOutcome> {
  const perMinute = options.ingestPerMinute;
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
    known.forget(claim.tokenHash);
    throw refusedToken();
  }
  if (outcome.kind === 'disabled') admittedHost(outcome.host);
  if (outcome.kind === 'limited') throw overLimit(perMinute, outcome.resetAt, receivedAt);
  if (refusal || outcome.kind !== 'accepted' || !outcome.result || !batch) throw refusal ?? new Error('ingest: the store accepted no batch');
  const judge = await rulesInScope(store, outcome.host, now());
  return replyFor(store, outcome.host, batch, judge, outcome.result, receivedAt, options.forward);
}

/**
 * After the store's answer: the stored samples to the forward sink, alerting on what was kept (when `judge`:
 * rules cover the host), and the collector's reply. `batch` is null when neither needs it.
 */
async function replyFor(store: Store, host: HostRecord, batch: Batch | null, judge: boolean, result: IngestResult, receivedAt: number, forward?: AcceptedSink): Promise<IngestOutcome> {
  // A batch of duplicates is judged too: its first delivery may have been stored and never judged (a crash in between).
  // Refused samples are not judged: they are no news of the host (and a batch of nothing else proves nothing).
  const kept = !batch ? null : result.tooOld === 0 ? batch : { ...batch, samples: batch.samples.filter((s) => s.ts >= result.keepsFrom) };
  // Only news goes on: a batch of duplicates was forwarded when first stored (a partly resent one goes whole; receivers keep one of a repeat).
  if (forward && kept && result.accepted > 0) forwardStored(forward, host, kept.samples);
  const alerts: IngestAlerts = judge && kept && kept.samples.length > 0 ? await judgeAlerts(store, host, kept, receivedAt, result.accepted === 0) : { watch: judge ? null : [], queued: false };
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

/** Hands the stored samples on; a sink's failure is logged and never fails the batch, which is already durable. */
function forwardStored(sink: AcceptedSink, host: HostRecord, samples: readonly Sample[]): void {
  try {
    sink.accepted(host, samples);
  } catch (err) {
    console.error(`Hostwatch: forwarding a batch of host ${host.id} failed: ${(err as Error).message}`);
  }
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
