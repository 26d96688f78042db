import 'server-only';
import type { Principal } from '@/lib/auth/authorize';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import { ApiTokenNotFound } from '@/lib/errors';
import type { ApiTokenRecord, Role, Store } from '@/lib/store/types';
import { assertScopeAllowed, expiryFrom, publicApiToken, type PublicApiToken } from './rules';
import type { CreateApiTokenInput } from './schemas';

/** Personal API tokens: shown once at creation, stored as SHA-256, revocable at once. */

export interface TokenOwner {
  userId: string;
  role: Role;
}

/** The user acting: a session's role, or what an API token may do on its owner's behalf. */
export function ownerOf(principal: Principal): TokenOwner {
  return principal.kind === 'session'
    ? { userId: principal.userId, role: principal.role }
    : { userId: principal.userId, role: principal.scope === 'admin' ? 'admin' : 'viewer' };
}

export async function createApiToken(
  store: Store,
  owner: TokenOwner,
  input: CreateApiTokenInput,
  now: number = Date.now(),
): Promise<{ token: string; apiToken: PublicApiToken }> {
  assertScopeAllowed(owner.role, input.scope);
  const token = generateToken('api');
  const record: ApiTokenRecord = {
    id: newId(),
    userId: owner.userId,
    name: input.name,
    scope: input.scope,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: expiryFrom(now, input.expiresInDays),
    lastUsedAt: null,
  };
  await store.createApiToken(record);
  return { token, apiToken: publicApiToken(record, now) };
}

/** The caller's own tokens; an admin may ask for everyone's. Newest first. */
export async function listApiTokens(store: Store, owner: TokenOwner, opts: { all?: boolean } = {}, now: number = Date.now()): Promise<PublicApiToken[]> {
  const everyone = opts.all && owner.role === 'admin';
  const tokens = await store.listApiTokens(everyone ? undefined : owner.userId);
  return tokens.map((t) => publicApiToken(t, now)).sort((a, b) => b.createdAt - a.createdAt);
}

/** Revokes a token of the caller's, or anyone's for an admin. Someone else's token is "not found" to a viewer. */
export async function revokeApiToken(store: Store, owner: TokenOwner, id: string): Promise<void> {
  const visible = await store.listApiTokens(owner.role === 'admin' ? undefined : owner.userId);
  const token = visible.find((t) => t.id === id);
  if (!token || !(await store.deleteApiToken(token.id))) throw new ApiTokenNotFound(id);
}
