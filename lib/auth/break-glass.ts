import 'server-only';
import { randomBytes } from 'node:crypto';
import { NO_PASSWORD, type Store, type UserRecord } from '@/lib/store/types';
import { endAllSessions } from './session-version';
import { hashToken, newId } from './tokens';

/**
 * Break-glass sign-in for a server whose password sign-in is off (HOSTWATCH_PASSWORD_LOGIN=false): when the
 * identity provider is broken, nobody could sign in. So each start prints a one-time code in the server log (the
 * log is how an operator proves they run the server; the code is never in argv or the environment). The store
 * keeps only its SHA-256. At /login/break-glass the code signs its holder in once as the break-glass admin (a user
 * of its own, `BREAK_GLASS_EMAIL`, with no password and no provider), then never again: the first use claims it
 * with setMetaIfAbsent, which exactly one of two racing uses wins on every backend. A code is valid for 24 hours;
 * the next start issues a fresh one and ends the break-glass user's sessions.
 */
export const BREAK_GLASS_EMAIL = 'break-glass@hostwatch.invalid';
export const BREAK_GLASS_PATH = '/login/break-glass';
export const BREAK_GLASS_TTL_MS = 24 * 3_600_000;

const CODE_KEY = 'break-glass-code:';
const USED_KEY = 'break-glass-used:';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 32 characters of a 32-letter alphabet from 20 random bytes: 160 bits, in groups of four. */
export function newBreakGlassCode(): string {
  const bits = randomBytes(20);
  let chars = '';
  for (let i = 0; i < 32; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const value = ((bits[byte]! << 8) | (bits[byte + 1] ?? 0)) >> (11 - (bit & 7));
    chars += ALPHABET[value & 31];
  }
  return chars.match(/.{4}/g)!.join('-');
}

const normalize = (code: string) => code.slice(0, 100).trim().toUpperCase().replace(/[\s-]/g, '');

/** Stores a fresh code's hash and ends the sessions a previous code opened; returns the code to print. */
export async function issueBreakGlassCode(store: Store, now: number): Promise<string> {
  const code = newBreakGlassCode();
  await store.setMeta(CODE_KEY + hashToken(normalize(code)), String(now + BREAK_GLASS_TTL_MS));
  const user = await store.getUserByEmail(BREAK_GLASS_EMAIL);
  if (user) await endAllSessions(store, user.id);
  return code;
}

async function breakGlassUser(store: Store, now: number): Promise<UserRecord> {
  const existing = await store.getUserByEmail(BREAK_GLASS_EMAIL);
  if (existing) return existing.role === 'admin' ? existing : ((await store.updateUser(existing.id, { role: 'admin' })) ?? existing);
  const user: UserRecord = { id: newId(), email: BREAK_GLASS_EMAIL, name: 'Break-glass admin', role: 'admin', passwordHash: NO_PASSWORD, createdAt: now };
  try {
    await store.createUser(user);
    return user;
  } catch {
    // Created by a racing use of another instance's code: take that one.
    const again = await store.getUserByEmail(BREAK_GLASS_EMAIL);
    if (!again) throw new Error('the break-glass user could not be created');
    return again;
  }
}

/** The break-glass admin when the code is valid and unused (it is used up now), else null. */
export async function redeemBreakGlassCode(store: Store, code: string, now: number): Promise<UserRecord | null> {
  const normalized = normalize(code);
  if (normalized.length !== 32) return null;
  const hash = hashToken(normalized);
  const expiresAt = Number((await store.getMeta(CODE_KEY + hash)) ?? 0);
  if (!(expiresAt > now)) return null;
  if (!(await store.setMetaIfAbsent(USED_KEY + hash, String(now)))) return null;
  await store.setMeta(CODE_KEY + hash, '0');
  return breakGlassUser(store, now);
}

/** At start, when password sign-in is off: issue a code and print where to use it. */
export async function announceBreakGlass(store: Store, baseUrl: string | undefined, log: (line: string) => void, now: number = Date.now()): Promise<void> {
  const code = await issueBreakGlassCode(store, now);
  const where = baseUrl ? `${baseUrl.replace(/\/+$/, '')}${BREAK_GLASS_PATH}` : BREAK_GLASS_PATH;
  log(`Hostwatch: password sign-in is off. If the sign-in provider fails, open ${where} and enter this one-time break-glass code (signs in once as an admin, valid 24 hours): ${code}`);
}
