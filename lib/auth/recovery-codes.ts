import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import { base32Encode } from './totp';
import { derivedKey } from './secret-box';

/**
 * Recovery codes: ten per enrolment, shown once, each good for one sign-in
 * when the phone is lost. 80 random bits each, written as four groups of
 * four base32 letters and digits ("k7qm-2xfa-…"). Stored only as an HMAC
 * keyed by a derivation of the server secret and bound to the user: like
 * token hashes (tokens.ts) they cannot be read back, and unlike a plain hash
 * a copy of the store alone gives nothing to guess against.
 */
export const RECOVERY_CODE_COUNT = 10;
const CODE_CHARS = 16;

export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const text = base32Encode(randomBytes(10)).toLowerCase();
    return text.match(/.{4}/g)!.join('-');
  });
}

/** The code as typed (any case, spaces and dashes ignored), or null when it cannot be a recovery code. */
export function normalizeRecoveryCode(text: string): string | null {
  const clean = text.replace(/[\s-]/g, '').toLowerCase();
  return clean.length === CODE_CHARS && /^[a-z2-7]+$/.test(clean) ? clean : null;
}

export function hashRecoveryCode(userId: string, code: string, serverSecret?: string): string {
  const clean = normalizeRecoveryCode(code) ?? code;
  return createHmac('sha256', derivedKey('recovery-code v1', serverSecret)).update(`${userId}\0${clean}`).digest('hex');
}
