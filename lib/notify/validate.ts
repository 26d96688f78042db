import 'server-only';
import type { z } from 'zod';
import { channelKind } from './channels';

/** A config checked against its kind's schema, with every problem named by field. */

export interface ConfigIssue {
  /** The config field ("webhookUrl"), or "kind" for an unknown kind. */
  field: string;
  message: string;
}

export type ChannelConfig = Record<string, string | number | boolean>;

export type ConfigCheck = { ok: true; config: ChannelConfig } | { ok: false; errors: ConfigIssue[] };

export function issuesOf(error: z.ZodError, label: string): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: key, message: `is not a setting of ${label} channels` }));
    const field = issue.path.map(String).join('.') || 'config';
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [{ field, message: missing ? 'is required' : issue.message }];
  });
}

export function validateChannelConfig(kind: string, config: unknown): ConfigCheck {
  const definition = channelKind(kind);
  if (!definition) return { ok: false, errors: [{ field: 'kind', message: `"${kind.slice(0, 32)}" is not a kind of channel` }] };
  const parsed = definition.config.safeParse(config, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: issuesOf(parsed.error, definition.label) };
  return { ok: true, config: parsed.data as ChannelConfig };
}
