/**
 * Two-factor (TOTP) records: one per user who started enrolling, kept beside
 * the user record rather than in it, so the user shape (and every backend's
 * user layout) stays as it was. Part of the RecordStore port (ports.ts).
 *
 * The two writes a sign-in makes are atomic on every backend, so two requests
 * racing with one code (or one recovery code) cannot both pass:
 * claimTotpStep moves the last used step forward only if the new one is later,
 * useRecoveryCode removes one hash and says whether this call removed it.
 */
export interface TwoFactorRecord {
  userId: string;
  /** The TOTP secret sealed with a key derived from the server secret (lib/auth/secret-box.ts); never stored plain. */
  sealedSecret: string;
  /** False while enrolling: the secret was shown but not yet confirmed with a code. */
  enabled: boolean;
  /** The last TOTP step a code was accepted for (-1: none); a code of this step or an earlier one is refused. */
  lastStep: number;
  /** Keyed hashes of the recovery codes not used yet (lib/auth/recovery-codes.ts). */
  recoveryHashes: string[];
  createdAt: number;
  /** When the enrolment was confirmed, or null while pending. */
  enabledAt: number | null;
}

export interface TwoFactorRecords {
  getTwoFactor(userId: string): Promise<TwoFactorRecord | null>;
  /** The records of these users that exist, in one read (the users screen). */
  getTwoFactors(userIds: string[]): Promise<Map<string, TwoFactorRecord>>;
  /** Writes the whole record, replacing any earlier one of the user (its recovery codes too), in one atomic step. */
  putTwoFactor(record: TwoFactorRecord): Promise<void>;
  /** Removes the user's record; false when there was none. The domain calls it when a user is deleted. */
  deleteTwoFactor(userId: string): Promise<boolean>;
  /** Sets lastStep to `step` only if the record exists and `step` is later than its lastStep, atomically; true when it did. */
  claimTotpStep(userId: string, step: number): Promise<boolean>;
  /** Removes one recovery code hash, atomically; true only for the call that removed it. */
  useRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
}

export const TWO_FACTOR_METHODS = [
  'getTwoFactor', 'getTwoFactors', 'putTwoFactor', 'deleteTwoFactor', 'claimTotpStep', 'useRecoveryCode',
] as const satisfies readonly (keyof TwoFactorRecords)[];
