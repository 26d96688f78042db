import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out once (host ingest tokens, API tokens, share links): 160
 * random bits with a readable prefix that says what the token is for, stored
 * only as a SHA-256 hash. SHA-256 without salt is right here: the token is
 * random and long, so there is nothing to brute-force, and the hash must be
 * a lookup key.
 */
export type TokenKind = 'host' | 'api' | 'share';

const PREFIX: Record<TokenKind, string> = { host: 'hwh_', api: 'hwa_', share: 'hws_' };

export function generateToken(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(20).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The kind a presented token claims by its prefix; lets a host token be refused on read endpoints without a lookup. */
export function tokenKind(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(PREFIX) as [TokenKind, string][]) {
    if (token.startsWith(prefix)) return kind;
  }
  return null;
}

/** `Authorization: Bearer <token>` → token, or null. */
export function bearerToken(headers: Headers): string | null {
  const value = headers.get('authorization');
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

/** A short random id for records (hosts, users, tokens): not a secret. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}
