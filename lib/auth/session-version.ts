import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Store } from '@/lib/store/types';

/**
 * Ending sessions on the server. Sessions are next-auth JWTs in a cookie, so
 * the server keeps no list of them; instead each user has a session version
 * in the store (meta `session-version:<user id>`), copied into the JWT at
 * sign-in and compared on every request (session.ts). Signing out, or "sign
 * out everywhere", replaces it: every session of that user issued before is
 * refused from the next request on, also a copied cookie replayed later.
 *
 * One value per user and a plain overwrite, so two sign-outs racing can only
 * both end the sessions; nothing accumulates. The price: signing out ends all
 * of that user's sessions, on every device, not only this browser's.
 */
const key = (userId: string) => `session-version:${userId}`;
const fresh = () => randomBytes(12).toString('base64url');

/** The version new sessions get (made on a user's first sign-in). */
export async function currentSessionVersion(store: Store, userId: string): Promise<string> {
  const stored = await store.getMeta(key(userId));
  if (stored) return stored;
  // Two first sign-ins at once: one value wins, both read it back.
  await store.setMetaIfAbsent(key(userId), fresh());
  return (await store.getMeta(key(userId))) ?? '';
}

/** The stored version, or null for a user who never signed in since versions exist. */
export function storedSessionVersion(store: Store, userId: string): Promise<string | null> {
  return store.getMeta(key(userId));
}

/** Ends every session of the user: the next request of each is refused. */
export async function endAllSessions(store: Store, userId: string): Promise<void> {
  await store.setMeta(key(userId), fresh());
}
