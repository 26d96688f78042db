import { z } from 'zod';
import { stripInvisible } from '@/lib/wire/text';
import { EXPIRY_KEYS, RANGE_KEYS } from './rules';

/** The body of POST /api/v1/hosts/{id}/shares; the route parses with this and nothing else. */
export const createShareSchema = z
  .object({
    // Shown on the share page: bidi controls and invisible characters go (lib/wire/text.ts).
    label: z.string().overwrite(stripInvisible).trim().max(100, 'must be at most 100 characters').default(''),
    expiresIn: z.enum(EXPIRY_KEYS, { error: `must be one of ${EXPIRY_KEYS.join(', ')}` }).default('7d'),
    includeProcesses: z.boolean('must be true or false').default(false),
    includeAlerts: z.boolean('must be true or false').default(false),
    maxRange: z.enum(RANGE_KEYS, { error: `must be one of ${RANGE_KEYS.join(', ')}` }).default('24h'),
  })
  .strict();
export type CreateShareInput = z.infer<typeof createShareSchema>;
