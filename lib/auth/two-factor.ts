import 'server-only';
import type { Store } from '@/lib/store/types';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';
import { openSecret } from './secret-box';
import { looksLikeTotpCode, matchTotpStep } from './totp';

/**
 * The second step of a sign-in (and of turning two-factor off): a code from
 * the authenticator app, or one of the recovery codes. A TOTP code is taken
 * for the step before, at or after now (totp.ts); the store then moves the
 * user's last used step forward only if the matched step is later
 * (claimTotpStep, atomic), so a code seen over a shoulder, or sent twice at
 * once, works only once and an older code never works after a newer one. A
 * recovery code is removed by the same call that accepts it.
 */
export type SecondFactorVerdict = 'ok' | 'wrong';

/** The longest text worth looking at: a recovery code with generous spacing. */
export const MAX_CODE_CHARS = 64;

export async function verifySecondFactor(store: Store, userId: string, code: string, now: number): Promise<SecondFactorVerdict> {
  const given = code.slice(0, MAX_CODE_CHARS).trim();
  const record = await store.getTwoFactor(userId);
  if (!record?.enabled || !given) return 'wrong';
  if (looksLikeTotpCode(given)) {
    const secret = openSecret(record.sealedSecret, userId);
    const step = secret === null ? null : matchTotpStep(secret, given, now);
    return step !== null && (await store.claimTotpStep(userId, step)) ? 'ok' : 'wrong';
  }
  const recovery = normalizeRecoveryCode(given);
  if (!recovery) return 'wrong';
  return (await store.useRecoveryCode(userId, hashRecoveryCode(userId, recovery))) ? 'ok' : 'wrong';
}

/** Whether this user's sign-in needs a code (an enabled enrolment; a pending one does not count yet). */
export async function needsSecondFactor(store: Store, userId: string): Promise<boolean> {
  return (await store.getTwoFactor(userId))?.enabled === true;
}
