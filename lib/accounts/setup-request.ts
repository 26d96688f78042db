import 'server-only';
import { clientAddress } from '@/lib/auth/client-address';
import { originVerdict } from '@/lib/auth/origin';
import { config } from '@/lib/config';
import { AuthError } from '@/lib/http/http-error';
import { parseJson } from '@/lib/http/parse';
import type { Store } from '@/lib/store/types';
import { bootstrapAccounts } from './bootstrap';
import { completeSetup, setupNeeded } from './first-admin';
import { setupSchema } from './schemas';

/** The public /api/v1/setup endpoint: whether a fresh server waits for its first admin, and claiming it with the code. */

export async function setupStatus(store: Store): Promise<{ needed: boolean }> {
  const needed = await setupNeeded(store);
  // A server whose store was down at start has printed no code yet: print one now.
  if (needed) await bootstrapAccounts(store, config());
  return { needed };
}

export async function setupFromRequest(store: Store, request: Request) {
  if (originVerdict(request, config().auth.url) === 'cross-origin') {
    throw new AuthError(403, 'cross_origin', 'Setup is accepted only from this server\'s own page.');
  }
  const input = await parseJson(request, setupSchema);
  return { user: await completeSetup(store, input, clientAddress(request.headers)) };
}
