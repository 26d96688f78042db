import 'server-only';
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { Store, UserRecord } from '@/lib/store/types';
import { clearLoginAttempts, countLoginAttempt } from './login-limit';

/**
 * One sign-in attempt: counted against the account and the client address
 * before the password is checked, so the sixth try in the window is refused
 * even with the right password. Unknown emails cost the same scrypt work as
 * known ones, so timing does not tell which accounts exist.
 */
export type SignInResult =
  | { kind: 'ok'; user: UserRecord }
  | { kind: 'invalid' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

let dummyHash: Promise<string> | null = null;

export async function attemptSignIn(store: Store, email: string, password: string, address: string, now: number = Date.now()): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const limit = await countLoginAttempt(store, normalized, address, now);
  if (limit.limited) return { kind: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const user = normalized ? await store.getUserByEmail(normalized) : null;
  dummyHash ??= hashPassword('not-a-real-password-0000');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) return { kind: 'invalid' };
  await clearLoginAttempts(store, normalized, address);
  return { kind: 'ok', user };
}

/**
 * A short fingerprint of the password hash, kept in the session token: a
 * password change or reset changes it, which ends every older session.
 */
export function passwordVersion(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}
