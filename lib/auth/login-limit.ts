import 'server-only';
import { createHash } from 'node:crypto';
import type { Store } from '@/lib/store/types';

/**
 * Who may try a password now. The limits are built so that guessing from
 * elsewhere can never lock out a person who knows their password, while
 * guessing stays slow:
 *
 * - Per client address (lib/auth/client-address.ts, never a forwarded header
 *   the client chose): at most ADDRESS_MAX_ATTEMPTS attempts in a 15-minute
 *   window, on any accounts, counted whatever their outcome; then every attempt
 *   from there is refused until the window ends. This stops spraying many
 *   accounts from one place. HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS raises it
 *   where many people share one address (an office behind one NAT).
 * - Per account, a slow-down instead of a lock: ACCOUNT_FREE_ATTEMPTS attempts
 *   in a 15-minute window, then one attempt per ACCOUNT_SLOT_MS slot, whoever
 *   makes it. Guessing one account from any number of addresses is bounded to
 *   5 + 4 a minute, and the owner is never refused for longer than one slot.
 *   A success clears the account's count.
 * - A known device (a browser that signed in to this account before, proven
 *   by a signed cookie, device-cookie.ts) skips both: it has its own limit of
 *   DEVICE_MAX_ATTEMPTS in 15 minutes (cleared by a success), past which it is
 *   treated as unknown. Guesses from elsewhere never touch it.
 *
 * Refused attempts cost no password hash (the hash queue, hash-gate.ts,
 * bounds the rest). Counted in the store, so the limits hold across
 * instances. Windows and slots are fixed (aligned to the clock), so
 * Retry-After is exact.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const ADDRESS_MAX_ATTEMPTS = 30;
export const ACCOUNT_FREE_ATTEMPTS = 5;
export const ACCOUNT_SLOT_MS = 15_000;
export const DEVICE_MAX_ATTEMPTS = 10;

/** Hash of the normalized email: the store's counter keys (and device cookies) are not a list of accounts. */
export function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

export function loginLimitKeys(email: string, address: string): { account: string; slot: string; address: string } {
  const key = emailKey(email);
  return { account: `login:account:${key}`, slot: `login:account-slot:${key}`, address: `login:address:${address}` };
}

const deviceKey = (deviceId: string) => `login:device:${deviceId}`;

export type LimitReason = 'address' | 'account' | 'device';
export type Admission = { limited: false; knownDevice: boolean } | { limited: true; reason: LimitReason; retryAfterSeconds: number };

const secondsUntil = (resetAt: number, now: number) => Math.max(1, Math.ceil((resetAt - now) / 1000));

export interface LoginAttempt {
  email: string;
  address: string;
  /** The device id from a valid device cookie for this email, or null. */
  deviceId: string | null;
}

/** Counts this attempt where it counts and says whether its password may be checked; `addressMax` is the configured per-address limit. */
export async function admitLoginAttempt(store: Store, attempt: LoginAttempt, now: number, addressMax: number = ADDRESS_MAX_ATTEMPTS): Promise<Admission> {
  if (attempt.deviceId) {
    const hit = await store.hitRateLimit(deviceKey(attempt.deviceId), LOGIN_WINDOW_MS, now);
    if (hit.count <= DEVICE_MAX_ATTEMPTS) return { limited: false, knownDevice: true };
    // A device past its own limit (a stolen cookie, a stuck script) is a stranger again.
  }
  const keys = loginLimitKeys(attempt.email, attempt.address);
  const [address, account] = await Promise.all([
    store.hitRateLimit(keys.address, LOGIN_WINDOW_MS, now),
    store.hitRateLimit(keys.account, LOGIN_WINDOW_MS, now),
  ]);
  if (address.count > addressMax) return { limited: true, reason: 'address', retryAfterSeconds: secondsUntil(address.resetAt, now) };
  if (account.count > ACCOUNT_FREE_ATTEMPTS) {
    // The first attempt in each slot is checked, the rest wait for the next slot: slowed, never locked.
    const slot = await store.hitRateLimit(keys.slot, ACCOUNT_SLOT_MS, now);
    if (slot.count > 1) return { limited: true, reason: 'account', retryAfterSeconds: secondsUntil(slot.resetAt, now) };
  }
  return { limited: false, knownDevice: false };
}

/** A right password: the account's slow-down (count and slot) and the device's count start over. The address keeps its count. */
export async function clearAfterSuccess(store: Store, attempt: LoginAttempt): Promise<void> {
  const keys = loginLimitKeys(attempt.email, attempt.address);
  await Promise.all([
    store.resetRateLimit(keys.account),
    store.resetRateLimit(keys.slot),
    attempt.deviceId ? store.resetRateLimit(deviceKey(attempt.deviceId)) : undefined,
  ]);
}

/** A setup-code attempt counts against the client address like a sign-in (codes are long; this only bounds floods). */
export async function admitAddressAttempt(store: Store, address: string, now: number, addressMax: number = ADDRESS_MAX_ATTEMPTS): Promise<Admission> {
  const hit = await store.hitRateLimit(loginLimitKeys('', address).address, LOGIN_WINDOW_MS, now);
  if (hit.count > addressMax) return { limited: true, reason: 'address', retryAfterSeconds: secondsUntil(hit.resetAt, now) };
  return { limited: false, knownDevice: false };
}
