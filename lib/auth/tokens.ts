import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out once (host ingest tokens, API tokens, share links): 160
 * random bits with a readable prefix that says what the token is for (a host
 * token also names its host, generateHostToken), stored only as a SHA-256 hash. SHA-256 without salt is right here: the token is
 * random and long, so there is nothing to brute-force, and the hash must be
 * a lookup key.
 */
export type TokenKind = 'host' | 'api' | 'share';

const PREFIX: Record<TokenKind, string> = { host: 'hwh_', api: 'hwa_', share: 'hws_' };

/** Random part of every token: 20 bytes, 27 base64url characters. */
const SECRET_BYTES = 20;
const SECRET_CHARS = 27;
/** What a host id may be to travel inside a token (newId's alphabet; ids never carry more). */
const HOST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A token naming nothing but its kind (API tokens, share links; host tokens of the older form). */
export function generateToken(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * A host's ingest token names its host: `hwh_<host id>_<secret>`, the secret last and of fixed length so
 * the id may hold `_` too. Knowing the host before any lookup lets a Redis store check the token, the
 * rate limit and write the batch in one script on the host's own keys (lib/store/redis/host-auth.ts).
 * The id is no secret (it is in every URL of the host); the 160 random bits are.
 */
export function generateHostToken(hostId: string): string {
  if (!HOST_ID.test(hostId)) throw new Error(`host id ${JSON.stringify(hostId)} cannot travel in a token`);
  return `${PREFIX.host}${hostId}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/**
 * The host a host token names, or null for a token of the older form (`hwh_<secret>`, still accepted:
 * looked up by its hash) or anything else. Only a claim: the store decides by the hash.
 */
export function hostOfToken(token: string): string | null {
  if (!token.startsWith(PREFIX.host)) return null;
  const body = token.slice(PREFIX.host.length);
  if (body.length < SECRET_CHARS + 2 || body[body.length - SECRET_CHARS - 1] !== '_') return null;
  const id = body.slice(0, body.length - SECRET_CHARS - 1);
  return HOST_ID.test(id) && /^[A-Za-z0-9_-]+$/.test(body.slice(-SECRET_CHARS)) ? id : null;
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
