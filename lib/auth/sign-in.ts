import 'server-only';
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { config } from '@/lib/config';
import { HttpError } from '@/lib/http/http-error';
import type { Store, UserRecord } from '@/lib/store/types';
import { HASH_BUSY_CODE, hashQueueFull } from './hash-gate';
import { admitLoginAttempt, clearAfterSuccess, type LimitReason } from './login-limit';
import { currentSessionVersion } from './session-version';
import { needsSecondFactor, verifySecondFactor } from './two-factor';

/**
 * One sign-in attempt: first whether the hash queue has room (a full one
 * refuses before anything is counted), then the limits (login-limit.ts),
 * then the password. A known device is never refused for a full queue: it
 * goes to the front, so a flood from elsewhere cannot keep its owner out.
 * Unknown emails cost the same scrypt work as known ones, so timing does not
 * tell which accounts exist.
 *
 * An account with two-factor on needs a code too (two-factor.ts): the same
 * form is sent again with `code`, and that attempt is admitted and counted
 * like any other, password and all. A right password without a right code is
 * not a success: the account's count keeps slowing code guesses.
 */
export type SignInResult =
  | { kind: 'ok'; user: UserRecord; sessionVersion: string }
  | { kind: 'invalid' }
  /** The password was right; this account also needs a code from the authenticator app (or a recovery code). */
  | { kind: 'code_required' }
  /** The password was right; the code was wrong or already used. */
  | { kind: 'code_invalid' }
  | { kind: 'rate_limited'; reason: LimitReason; retryAfterSeconds: number }
  | { kind: 'busy'; retryAfterSeconds: number };

export interface SignInInput {
  email: string;
  password: string;
  /** The client's address (client-address.ts). */
  address: string;
  /** The device id of a valid device cookie for this email (device-cookie.ts), or null. */
  deviceId: string | null;
  /** The second-factor code, for an account with two-factor on. */
  code?: string;
}

let dummyHash: Promise<string> | null = null;

const busyOf = (err: unknown): SignInResult | null =>
  err instanceof HttpError && err.code === HASH_BUSY_CODE ? { kind: 'busy', retryAfterSeconds: Number(err.headers['Retry-After']) || 1 } : null;

export async function attemptSignIn(store: Store, input: SignInInput, now: number = Date.now()): Promise<SignInResult> {
  if (!input.deviceId && hashQueueFull()) return { kind: 'busy', retryAfterSeconds: 1 };
  const email = input.email.trim().toLowerCase();
  const attempt = { email, address: input.address, deviceId: input.deviceId };
  const admission = await admitLoginAttempt(store, attempt, now, config().rateLimits.loginPerAddress);
  if (admission.limited) return { kind: 'rate_limited', reason: admission.reason, retryAfterSeconds: admission.retryAfterSeconds };
  const user = email ? await store.getUserByEmail(email) : null;
  let ok: boolean;
  try {
    dummyHash ??= hashPassword('not-a-real-password-0000').catch((err: unknown) => {
      dummyHash = null;
      throw err;
    });
    const known = admission.knownDevice;
    // A user with no password (signed up through a provider) costs the same work and never matches.
    ok = await verifyPassword(input.password, user?.passwordHash || (await dummyHash), { refuseWhenBusy: !known, first: known });
  } catch (err) {
    const busy = busyOf(err);
    if (busy) return busy;
    throw err;
  }
  if (!user || !user.passwordHash || !ok) return { kind: 'invalid' };
  if (await needsSecondFactor(store, user.id)) {
    if (!input.code?.trim()) return { kind: 'code_required' };
    if ((await verifySecondFactor(store, user.id, input.code, now)) !== 'ok') return { kind: 'code_invalid' };
  }
  await clearAfterSuccess(store, attempt);
  return { kind: 'ok', user, sessionVersion: await currentSessionVersion(store, user.id) };
}

/**
 * A short fingerprint of the password hash, kept in the session token: a
 * password change or reset changes it, which ends every older session.
 */
export function passwordVersion(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}
