import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-rules';
import { stripInvisible } from '@/lib/wire/text';
import { MAX_TAG_CHARS, MAX_TAGS } from './tag-rules';

/** Input shapes of the account, host and token APIs; route handlers parse with these and nothing else. */

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address').max(254, 'must be at most 254 characters'));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

export const roleSchema = z.enum(['admin', 'viewer']);
// Names are shown to others: bidi controls and invisible characters go (lib/wire/text.ts), before the trim and the checks.
const displayName = z.string().overwrite(stripInvisible).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createUserSchema = z.object({
  email: emailSchema,
  name: displayName.optional(),
  role: roleSchema.default('viewer'),
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ name: displayName, role: roleSchema, password: passwordSchema })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one of name, role, password');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'is required'),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const setupSchema = z.object({
  code: z.string().trim().min(1, 'is required').max(100),
  email: emailSchema,
  name: displayName.optional(),
  password: passwordSchema,
});
export type SetupInput = z.infer<typeof setupSchema>;

export const tokenScopeSchema = z.enum(['read', 'admin']);

export const createApiTokenSchema = z.object({
  name: displayName,
  scope: tokenScopeSchema.default('read'),
  /** Days until the token stops working; omitted or null: never. */
  expiresInDays: z.number().int('must be a whole number of days').min(1).max(3650).nullable().optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

const tag = z
  .string()
  .overwrite(stripInvisible)
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TAG_CHARS, `must be at most ${MAX_TAG_CHARS} characters`)
  .regex(/^[\p{L}\p{N}_.:/=-]+$/u, 'may hold only letters, digits and _ . : / = - (no spaces)');
const tagsSchema = z
  .array(tag)
  .max(MAX_TAGS, `must be at most ${MAX_TAGS}`)
  .transform((tags) => [...new Set(tags)]);
const hostName = z.string().overwrite(stripInvisible).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createHostSchema = z.object({ name: hostName, tags: tagsSchema.default([]) });
export type CreateHostInput = z.infer<typeof createHostSchema>;

export const updateHostSchema = z
  .object({ name: hostName, tags: tagsSchema, disabled: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one of name, tags, disabled');
export type UpdateHostInput = z.infer<typeof updateHostSchema>;
