import 'server-only';
import { AuthError } from '@/lib/http/http-error';
import { enforcePerMinute } from '@/lib/http/rate-limit';
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
export async function ingestRequest(request: Request, store: Store, options: IngestOptions): Promise<IngestReply> {
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
  return { accepted: result.accepted, duplicates: result.duplicates, ...cadenceFor(result.watchedUntil, receivedAt) };
}
