import { z } from 'zod';
import { MAX_CODE_CHARS } from '@/lib/auth/two-factor';

/** Bodies of the two-factor endpoints; codes are short, so anything longer is refused naming the field. */
const code = z.string().trim().min(1, 'is required').max(MAX_CODE_CHARS, `must be at most ${MAX_CODE_CHARS} characters`);

export const confirmTwoFactorSchema = z.object({ code });
export type ConfirmTwoFactorInput = z.infer<typeof confirmTwoFactorSchema>;

export const disableTwoFactorSchema = z.object({ password: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters'), code });
export type DisableTwoFactorInput = z.infer<typeof disableTwoFactorSchema>;

export const twoFactorPolicySchema = z.object({ required: z.boolean() });
