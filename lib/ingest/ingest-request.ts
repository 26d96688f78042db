import 'server-only';
import { AuthError } from '@/lib/http/http-error';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import { UnknownHostError } from '@/lib/store/errors';
import type { IngestResult, Store } from '@/lib/store/types';
import type { Batch, IngestReply } from '@/lib/wire/contract';
import { admittedHost, hostTokenHash } from './authenticate-host';
import { cadenceFor } from './cadence';
import { KnownTokens } from './known-tokens';
import { readJsonBody } from './read-body';
import { validateBatch } from './validate-batch';

export interface IngestOptions {
  ingestPerMinute: number;
  now?: () => number;
  /** The token hints of this process (tests pass their own). */
  known?: KnownTokens;
}

const processTokens = new KnownTokens();

/**
 * One collector POST, end to end: three store calls on the hot path (token
 * lookup, rate limit, the atomic ingest) in two round trips, and one parse of
 * the body. The reply is sent only after the store has made the batch durable.
 *
 * The lookup decides, then the rate limit, then the body, as ever (a 401 or
 * 403 before a 429, a 429 before any 400). For a token that named a host here
 * before, that host's rate-limit hit goes out with the lookup rather than
 * after it (known-tokens.ts); its answer is used only if the lookup still
 * names that host.
 */
export async function ingestRequest(request: Request, store: Store, options: IngestOptions): Promise<IngestReply> {
  const now = options.now ?? Date.now;
  const known = options.known ?? processTokens;
  const tokenHash = hostTokenHash(request);
  const hinted = known.hostOf(tokenHash);
  const lookup = store.findHostByTokenHash(tokenHash);
  const early = hinted === undefined ? null : enforcePerMinute(store, `ingest:${hinted}`, options.ingestPerMinute, now());
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
  else await enforcePerMinute(store, `ingest:${host.id}`, options.ingestPerMinute, now());
  known.remember(tokenHash, host.id);
  const { receivedAt, stored } = await submitBody(request, store, host.id, now);
  const result = await stored;
  return { accepted: result.accepted, duplicates: result.duplicates, ...cadenceFor(result.watchedUntil, receivedAt) };
}

/**
 * Reads, validates and hands the batch to the store. Its own frame, finished
 * before the store's answer is awaited, so no request holds its batch while
 * the store makes it durable (a group commit waits for a disk sync): the
 * garbage collector would otherwise copy every waiting batch.
 */
async function submitBody(request: Request, store: Store, hostId: string, now: () => number) {
  const batch = validateBatch(await readJsonBody(request), now());
  const receivedAt = now();
  return { receivedAt, stored: ingestInto(store, hostId, batch, receivedAt) };
}

function ingestInto(store: Store, hostId: string, batch: Batch, receivedAt: number): Promise<IngestResult> {
  return store.ingest(hostId, batch, receivedAt).catch((err: unknown) => {
    // Deleted between the token lookup and the write: the token no longer names a host.
    if (err instanceof UnknownHostError) throw new AuthError(401, 'invalid_token', 'The host token is unknown or was rotated.');
    throw err;
  });
}
