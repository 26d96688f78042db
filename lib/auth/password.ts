import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { withHashSlot } from './hash-gate';
import { scryptInWorker } from './hash-worker';

/**
 * Passwords: scrypt from node:crypto, a salt per user, constant-time compare.
 * Every hash waits for its turn in hash-gate.ts (one at a time, a bounded
 * queue) and runs on a low-priority worker thread (hash-worker.ts), so no
 * burst of sign-ins can take the CPU or the thread pool from ingest;
 * sign-in's check is refused with a 429 HttpError when the queue is full.
 */

export { MIN_PASSWORD_LENGTH } from './password-rules';
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

type SlotOptions = { refuseWhenFull?: boolean; first?: boolean };
type Params = { N: number; r: number; p: number };

function derive(password: string, salt: Buffer, params: Params, keyLength: number, slot: SlotOptions = {}): Promise<Buffer> {
  return withHashSlot(() => scryptInWorker(password.normalize('NFKC'), salt, keyLength, { ...params, maxmem: 64 * 1024 * 1024 }), slot);
}

/** `scrypt$N$r$p$salt$hash`, all that verification needs, so parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * `refuseWhenBusy`: sign-in's check, refused with a 429 when the hash queue is full; `first`: a known device's,
 * which goes to the front of the queue instead (hash-gate.ts).
 */
export async function verifyPassword(password: string, stored: string, opts: { refuseWhenBusy?: boolean; first?: boolean } = {}): Promise<boolean> {
  const [algo, n, r, p, saltText, keyText] = stored.split('$');
  if (algo !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length, { refuseWhenFull: opts.refuseWhenBusy, first: opts.first });
  return timingSafeEqual(actual, expected);
}
