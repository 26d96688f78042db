import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { emailKey } from './login-limit';

/**
 * The "known device" cookie (OWASP's device cookies against lock-out): after
 * a successful sign-in the browser gets a cookie that names a random device
 * id and the account (as a hash of the email), signed with a key derived from
 * NEXTAUTH_SECRET. Presented with a sign-in for that same account, it lets the
 * attempt skip the per-address limit and the account's slow-down, so guesses
 * made elsewhere never keep the owner's own browser out (login-limit.ts).
 *
 * It is no credential: it only changes which limit an attempt counts against,
 * and the password is still checked. HttpOnly, sent only to /api/auth.
 */
export const DEVICE_COOKIE_MAX_AGE_S = 90 * 86_400;
const VERSION = 'd1';

function macKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('hostwatch device cookie').digest();
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', macKey(secret)).update(payload).digest('base64url').slice(0, 32);
}

/** A fresh cookie value for this account; `deviceId` keeps a known device's id across sign-ins. */
export function issueDeviceToken(secret: string, email: string, now: number, deviceId: string = randomBytes(12).toString('base64url')): string {
  const payload = [VERSION, deviceId, emailKey(email), String(now + DEVICE_COOKIE_MAX_AGE_S * 1000)].join('.');
  return `${payload}.${mac(secret, payload)}`;
}

/** The device id when the value is a genuine, unexpired cookie for this email; otherwise null. */
export function readDeviceToken(secret: string, value: string | null | undefined, email: string, now: number): string | null {
  if (!value || value.length > 200) return null;
  const parts = value.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const [, deviceId, key, expires, signature] = parts as [string, string, string, string, string];
  const expected = Buffer.from(mac(secret, parts.slice(0, 4).join('.')));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (key !== emailKey(email) || !(Number(expires) > now) || !/^[A-Za-z0-9_-]{8,32}$/.test(deviceId)) return null;
  return deviceId;
}

/** `__Secure-` when the public URL is https, as for the session cookie. */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Secure-hostwatch.device' : 'hostwatch.device';
}
