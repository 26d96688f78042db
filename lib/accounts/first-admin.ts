import 'server-only';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@/lib/auth/password';
import { assertStrongPassword } from '@/lib/auth/password-strength';
import { hashToken, newId } from '@/lib/auth/tokens';
import { admitAddressAttempt } from '@/lib/auth/login-limit';
import { config } from '@/lib/config';
import { Conflict } from '@/lib/errors';
import { AuthError, tooManyRequests } from '@/lib/http/http-error';
import type { Store, UserRecord } from '@/lib/store/types';
import { defaultName, publicUser, type PublicUser } from './rules';
import type { SetupInput } from './schemas';

/**
 * The first admin of a fresh instance, made one of three ways: ADMIN_EMAIL and
 * ADMIN_PASSWORD at start, ensureAdmin() from a script (the demo), or the
 * /setup page with a one-time code printed in the server log, so a stranger
 * who reaches a fresh instance first cannot claim it.
 */

const CLAIM_KEY = 'first-admin-claim';
const CODE_KEY_PREFIX = 'setup-code:';
export const SETUP_CODE_TTL_MS = 24 * 3_600_000;
/** A claim older than this with still no user means its creator crashed between claim and create. */
const STALE_CLAIM_MS = 60_000;

export async function hasAnyUser(store: Store): Promise<boolean> {
  return (await store.listUsers()).length > 0;
}

/**
 * Makes `fields` the first user, as admin, unless a user exists. The claim in
 * meta makes concurrent first starts (several serverless instances, setup
 * submitted twice) agree on one winner.
 */
async function claimFirstAdmin(store: Store, fields: { email: string; name?: string; password: string }, now: number): Promise<UserRecord | null> {
  if (await hasAnyUser(store)) return null;
  const user: UserRecord = {
    id: newId(),
    email: fields.email.trim().toLowerCase(),
    name: fields.name ?? defaultName(fields.email),
    role: 'admin',
    passwordHash: await hashPassword(fields.password),
    createdAt: now,
  };
  const claim = JSON.stringify({ userId: user.id, at: now });
  if (!(await store.setMetaIfAbsent(CLAIM_KEY, claim))) {
    const previous = JSON.parse((await store.getMeta(CLAIM_KEY)) ?? '{}') as { at?: number };
    if ((await hasAnyUser(store)) || now - (previous.at ?? now) < STALE_CLAIM_MS) return null;
    await store.setMeta(CLAIM_KEY, claim);
  }
  await store.createUser(user);
  return user;
}

/** Creates an admin with this email and password when the store has no user yet; says whether it did. */
export async function ensureAdmin(store: Store, email: string, password: string, now: number = Date.now()): Promise<{ created: boolean }> {
  return { created: (await claimFirstAdmin(store, { email, password }, now)) !== null };
}

/** A code to read aloud or paste: 20 base32 characters (100 bits) in groups of five. */
export function newSetupCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => alphabet[b & 31]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

const normalizeCode = (code: string) => code.trim().toUpperCase().replace(/[\s-]/g, '');

/**
 * Issues a setup code for this server process and stores only its hash. Each
 * instance issues its own, so every code printed in any instance's log works
 * until the first admin exists or 24 hours pass.
 */
export async function issueSetupCode(store: Store, now: number = Date.now()): Promise<string> {
  const code = newSetupCode();
  await store.setMeta(CODE_KEY_PREFIX + hashToken(normalizeCode(code)), String(now + SETUP_CODE_TTL_MS));
  return code;
}

export async function setupNeeded(store: Store): Promise<boolean> {
  return !(await hasAnyUser(store));
}

/** The /setup form: a valid code makes the first admin. Every attempt counts towards the per-address sign-in limit. */
export async function completeSetup(store: Store, input: SetupInput, address: string, now: number = Date.now()): Promise<PublicUser> {
  if (await hasAnyUser(store)) throw new Conflict('already_set_up', 'This server already has an admin; sign in instead.');
  const limit = await admitAddressAttempt(store, address, now, config().rateLimits.loginPerAddress);
  if (limit.limited) throw tooManyRequests(limit.retryAfterSeconds, 'Too many setup attempts; wait and try again.');
  const expiresAt = Number((await store.getMeta(CODE_KEY_PREFIX + hashToken(normalizeCode(input.code)))) ?? 0);
  if (!(expiresAt > now)) {
    throw new AuthError(403, 'invalid_setup_code', 'The setup code is not valid; copy the latest one from the server log.');
  }
  await assertStrongPassword('password', input.password, input.email);
  const user = await claimFirstAdmin(store, input, now);
  if (!user) throw new Conflict('already_set_up', 'This server already has an admin; sign in instead.');
  return publicUser(user);
}
