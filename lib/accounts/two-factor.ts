import 'server-only';
import QRCode from 'qrcode';
import { verifyPassword } from '@/lib/auth/password';
import { generateRecoveryCodes, hashRecoveryCode } from '@/lib/auth/recovery-codes';
import { openSecret, sealSecret } from '@/lib/auth/secret-box';
import { generateTotpSecret, groupedKey, matchTotpStep, otpauthUri } from '@/lib/auth/totp';
import { verifySecondFactor } from '@/lib/auth/two-factor';
import { enrolmentPending, setTwoFactorRequired, twoFactorRequired } from '@/lib/auth/two-factor-policy';
import { Conflict, InvalidInput, UserNotFound } from '@/lib/errors';
import { enforcePerMinute } from '@/lib/http/rate-limit';
import type { Store, TwoFactorRecord, UserRecord } from '@/lib/store/types';
import type { ConfirmTwoFactorInput, DisableTwoFactorInput } from './two-factor-schemas';

/**
 * Two-factor codes for one's own account, and the admin's side (reset a
 * user's, require it of everyone). Enrolment is two steps: begin stores a
 * fresh secret as pending and shows it (QR code and key); confirm checks a
 * code from the app against it, turns it on and hands out the recovery codes,
 * once. The code that confirms is used up (its step is the last used), so it
 * cannot also sign someone in.
 */
export const ISSUER = 'Hostwatch';
/** Confirm and turn-off attempts per user and minute: each guesses a code (and, turning off, a password). */
export const TWO_FACTOR_ATTEMPTS_PER_MINUTE = 5;

export type TwoFactorState = 'on' | 'pending' | 'off';
export const stateOf = (record: Pick<TwoFactorRecord, 'enabled'> | null | undefined): TwoFactorState =>
  record ? (record.enabled ? 'on' : 'pending') : 'off';

export interface TwoFactorStatus {
  state: TwoFactorState;
  recoveryCodesLeft: number;
  /** An admin requires two-factor of every password user. */
  required: boolean;
  /** The setting holds this user back until they enrol. */
  mustEnrol: boolean;
}

async function requireUser(store: Store, id: string): Promise<UserRecord> {
  const user = await store.getUser(id);
  if (!user) throw new UserNotFound(id);
  return user;
}

export async function twoFactorStatus(store: Store, userId: string): Promise<TwoFactorStatus> {
  const [record, required, mustEnrol] = await Promise.all([store.getTwoFactor(userId), twoFactorRequired(store), enrolmentPending(store, userId)]);
  return { state: stateOf(record), recoveryCodesLeft: record?.enabled ? record.recoveryHashes.length : 0, required, mustEnrol };
}

export interface Enrolment {
  /** The base32 key, for typing into an app by hand (shown in groups of four). */
  secret: string;
  groupedSecret: string;
  /** The otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as an SVG data URL (rendered here, on the server: no QR code library in any page bundle). */
  qrCode: string;
}

/** Starts (or restarts) an enrolment: a fresh secret, pending until confirmed. Refused while two-factor is on (turn it off first). */
export async function beginEnrolment(store: Store, userId: string, now: number): Promise<Enrolment> {
  const user = await requireUser(store, userId);
  if ((await store.getTwoFactor(userId))?.enabled) {
    throw new Conflict('two_factor_on', 'Two-factor codes are already on; turn them off first to set up a new app.');
  }
  const secret = generateTotpSecret();
  await store.putTwoFactor({ userId, sealedSecret: sealSecret(secret, userId), enabled: false, lastStep: -1, recoveryHashes: [], createdAt: now, enabledAt: null });
  const uri = otpauthUri({ secret, account: user.email, issuer: ISSUER });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, groupedSecret: groupedKey(secret), uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Confirms the pending enrolment with a code from the app; returns the ten recovery codes, the only time they are shown. */
export async function confirmEnrolment(store: Store, userId: string, input: ConfirmTwoFactorInput, now: number): Promise<{ recoveryCodes: string[] }> {
  await enforcePerMinute(store, `two-factor:${userId}`, TWO_FACTOR_ATTEMPTS_PER_MINUTE, now);
  const record = await store.getTwoFactor(userId);
  if (!record) throw new Conflict('two_factor_not_started', 'Start setting up two-factor codes first.');
  if (record.enabled) throw new Conflict('two_factor_on', 'Two-factor codes are already on.');
  const secret = openSecret(record.sealedSecret, userId);
  const step = secret === null ? null : matchTotpStep(secret, input.code, now);
  if (step === null) {
    throw new InvalidInput('wrong_code', 'That code is not right: enter the 6 digits your app shows now.', [{ path: 'code', message: 'is not the code your app shows now' }]);
  }
  const recoveryCodes = generateRecoveryCodes();
  await store.putTwoFactor({
    ...record,
    enabled: true,
    lastStep: step,
    recoveryHashes: recoveryCodes.map((c) => hashRecoveryCode(userId, c)),
    enabledAt: now,
  });
  return { recoveryCodes };
}

/** A user turns two-factor off, proving both factors: the password and a code (or a recovery code, which it uses up). */
export async function disableTwoFactor(store: Store, userId: string, input: DisableTwoFactorInput, now: number): Promise<void> {
  await enforcePerMinute(store, `two-factor:${userId}`, TWO_FACTOR_ATTEMPTS_PER_MINUTE, now);
  const user = await requireUser(store, userId);
  if (!(await store.getTwoFactor(userId))?.enabled) throw new Conflict('two_factor_off', 'Two-factor codes are not on.');
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    throw new InvalidInput('wrong_password', 'The password is not correct.', [{ path: 'password', message: 'is not correct' }]);
  }
  if ((await verifySecondFactor(store, userId, input.code, now)) !== 'ok') {
    throw new InvalidInput('wrong_code', 'That code is not right or was already used; enter the one your app shows now.', [{ path: 'code', message: 'is not right' }]);
  }
  await store.deleteTwoFactor(userId);
}

/** An admin removes a user's two-factor (a lost phone and no recovery codes): they sign in with the password alone, or enrol again if it is required. */
export async function resetTwoFactor(store: Store, userId: string): Promise<void> {
  await requireUser(store, userId);
  await store.deleteTwoFactor(userId);
}

/** Each user's two-factor state, for the users screen and API (one read for all). */
export async function twoFactorStates(store: Store, userIds: string[]): Promise<Record<string, TwoFactorState>> {
  const records = await store.getTwoFactors(userIds);
  return Object.fromEntries(userIds.map((id) => [id, stateOf(records.get(id))]));
}

/** The users list with each user's two-factor state. */
export async function withTwoFactorState<U extends { id: string }>(store: Store, users: U[]): Promise<(U & { twoFactor: TwoFactorState })[]> {
  const states = await twoFactorStates(store, users.map((u) => u.id));
  return users.map((u) => ({ ...u, twoFactor: states[u.id] ?? 'off' }));
}

export const twoFactorPolicy = async (store: Store) => ({ required: await twoFactorRequired(store) });
export async function setTwoFactorPolicy(store: Store, required: boolean) {
  await setTwoFactorRequired(store, required);
  return { required };
}
