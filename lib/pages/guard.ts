import 'server-only';
import type { PublicUser } from '@/lib/accounts/rules';
import { requirePageUser } from '@/lib/auth/page-user';
import { StoreUnavailableError } from '@/lib/store/errors';

/**
 * Every dashboard page starts here: the signed-in user (or a redirect to
 * /login, through lib/auth), or `null` when the store cannot say who is
 * signed in — the page then shows the store-outage banner instead of crashing.
 */
export async function guardPage(from: string): Promise<PublicUser | null> {
  try {
    return await requirePageUser(from);
  } catch (err) {
    if (err instanceof StoreUnavailableError) return null;
    throw err;
  }
}

/** Runs a store read for a page; an outage becomes `null` so the page can show the banner. */
export async function readOrOutage<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreUnavailableError) return null;
    throw err;
  }
}
