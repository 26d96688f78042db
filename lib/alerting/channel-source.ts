import 'server-only';
import type { Channel } from '@/lib/alerts/schemas';
import { mergeSecrets, parseChannelUrl, validateChannelConfig } from '@/lib/notify';
import { invalidField, invalidFields } from './field-errors';

/**
 * A channel's kind and settings from what the API was sent: a kind with its
 * config (checked by the kind's schema in lib/notify, each problem named
 * `config.<field>`) or a Shoutrrr URL (one problem, named `url`; the message
 * never repeats the URL, which carries tokens).
 */

export interface ChannelSource {
  kind?: string;
  config?: Record<string, unknown>;
  url?: string;
}

export interface ResolvedChannel {
  kind: string;
  config: Channel['config'];
  /** Shoutrrr options Hostwatch has no use for (templates, titles). */
  ignored: string[];
}

/** `stored`: the saved channel whose secrets fill those sent masked, empty or not at all. */
export function resolveChannel(source: ChannelSource, stored?: Pick<Channel, 'kind' | 'config'>): ResolvedChannel {
  if (source.url !== undefined) {
    const parsed = parseChannelUrl(source.url);
    if (!parsed.ok) throw invalidField('url', parsed.error);
    return { kind: parsed.kind, config: parsed.config, ignored: parsed.ignored };
  }
  const kind = source.kind ?? stored?.kind ?? '';
  const incoming = source.config ?? {};
  const config = stored && stored.kind === kind ? mergeSecrets(kind, stored.config, incoming) : incoming;
  return { kind, config: checkConfig(kind, config), ignored: [] };
}

export function checkConfig(kind: string, config: unknown): Channel['config'] {
  const check = validateChannelConfig(kind, config);
  if (!check.ok) throw invalidFields(check.errors.map((e) => ({ path: e.field === 'kind' ? 'kind' : `config.${e.field}`, message: e.message })));
  return check.config;
}
