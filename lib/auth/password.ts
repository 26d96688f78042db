import 'server-only';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { withHashSlot } from './hash-gate';

/**
 * Passwords: scrypt from node:crypto, a salt per user, constant-time compare.
 * Every hash waits for its turn in hash-gate.ts (one at a time, paced), so no
 * burst of sign-ins can take the thread pool from ingest; sign-in's check is
 * refused with a 429 HttpError when the queue is full.
 */

export { MIN_PASSWORD_LENGTH } from './password-rules';
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions, keyLength: number, refuseWhenFull = false): Promise<Buffer> {
  return withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, keyLength, { ...params, maxmem: 64 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
    { refuseWhenFull },
  );
}

/** `scrypt$N$r$p$salt$hash`, all that verification needs, so parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** `refuseWhenBusy`: sign-in's check, refused with a 429 when the hash queue is full (hash-gate.ts). */
export async function verifyPassword(password: string, stored: string, opts: { refuseWhenBusy?: boolean } = {}): Promise<boolean> {
  const [algo, n, r, p, saltText, keyText] = stored.split('$');
  if (algo !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length, opts.refuseWhenBusy);
  return timingSafeEqual(actual, expected);
}
