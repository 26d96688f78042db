import 'server-only';
import { z } from 'zod';
import { timeParam } from '@/lib/query/params';
import { maintenanceWindowSchema, severitySchema, silenceSchema } from '@/lib/alerts/schemas';
import { DEFAULT_EVENT_LIMIT, MAX_EVENT_LIMIT } from './limits';

/**
 * The shapes of the alerts API's paths, queries and bodies, parsed by the
 * route wrapper (a misfit is a 400 naming each field). Rule bodies are not
 * here: checkRule (lib/alerts/rules.ts) reads them, so their messages name
 * fields in the words the rule editor uses.
 */

export const idParams = z.object({ id: z.string().min(1).max(64) });

const name = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const MAX_CONFIG_KEYS = 32;
const configObject = z
  .record(z.string().max(64), z.unknown())
  .refine((c) => Object.keys(c).length <= MAX_CONFIG_KEYS, `must have at most ${MAX_CONFIG_KEYS} settings`);

/** What a channel is made from: a kind with its settings, or a Shoutrrr URL. */
const channelSource = {
  kind: z.string().min(1).max(32).optional(),
  config: configObject.optional(),
  url: z.string().max(4096, 'must be at most 4096 characters').optional(),
};

function oneSource(c: { kind?: string; config?: unknown; url?: string }, ctx: z.RefinementCtx): void {
  if (c.url !== undefined && (c.kind !== undefined || c.config !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'give either url or kind and config, not both' });
  } else if (c.url === undefined && c.kind === undefined) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: 'is required (or give a Shoutrrr url instead of kind and config)' });
  } else if (c.url === undefined && c.config === undefined) {
    ctx.addIssue({ code: 'custom', path: ['config'], message: 'is required with kind' });
  }
}

export const createChannelBody = z.strictObject({ name, ...channelSource }).superRefine(oneSource);
export type CreateChannelBody = z.infer<typeof createChannelBody>;

export const updateChannelBody = z
  .strictObject({ name: name.optional(), config: configObject.optional() })
  .refine((b) => b.name !== undefined || b.config !== undefined, { message: 'give name or config' });
export type UpdateChannelBody = z.infer<typeof updateChannelBody>;

/** An unsaved channel to test; `id` names a saved one whose secrets fill those sent masked or left out (testing an edit before saving it). */
export const testChannelBody = z.strictObject({ ...channelSource, id: z.string().min(1).max(64).optional() }).superRefine(oneSource);
export type TestChannelBody = z.infer<typeof testChannelBody>;

export const createWindowBody = maintenanceWindowSchema.omit({ id: true, createdAt: true }).strict();
export type CreateWindowBody = z.infer<typeof createWindowBody>;

export const createSilenceBody = silenceSchema.pick({ ruleId: true, hostId: true, entity: true, until: true, comment: true }).strict();
export type CreateSilenceBody = z.infer<typeof createSilenceBody>;

export const acknowledgeBody = z.strictObject({
  ruleId: z.string().min(1).max(64),
  hostId: z.string().min(1).max(64),
  entity: z.string().max(512).default(''),
});
export type AcknowledgeBody = z.infer<typeof acknowledgeBody>;

export const PREVIEW_RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export const previewBody = z.strictObject({
  /** Read by checkRule, so a bad rule is refused with the editor's messages. */
  rule: z.unknown(),
  range: z.enum(Object.keys(PREVIEW_RANGES) as [keyof typeof PREVIEW_RANGES], { error: 'must be 24h or 7d' }).default('24h'),
});
export type PreviewBody = z.infer<typeof previewBody>;

export const eventsQuery = z.object({
  hostId: z.string().min(1).max(64).optional(),
  ruleId: z.string().min(1).max(64).optional(),
  severity: severitySchema.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(MAX_EVENT_LIMIT, `must be at most ${MAX_EVENT_LIMIT}`))
    .default(DEFAULT_EVENT_LIMIT),
});
export type EventsQuery = z.infer<typeof eventsQuery>;
