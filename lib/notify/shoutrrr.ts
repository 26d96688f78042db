import 'server-only';
import { channelForScheme, CHANNELS } from './channels';
import { ShoutrrrError } from './channels/url-parts';
import { issuesOf, type ChannelConfig } from './validate';

/**
 * Shoutrrr URLs, as Beszel and Watchtower users have them: `discord://…`,
 * `slack://…`, `telegram://…`, `ntfy://…`, `gotify://…`, `pushover://…`,
 * `smtp://…`, `teams://…`, `generic://…` / `generic+https://…`. Each kind's
 * parser lives with its channel (lib/notify/channels); this finds it by the
 * scheme and validates what it made with the kind's own schema. Errors name
 * the part that is wrong and never repeat the URL (it carries tokens).
 */

export type ParsedChannelUrl =
  | { ok: true; kind: string; config: ChannelConfig; ignored: string[] }
  | { ok: false; error: string };

const MAX_URL = 4096;
const SCHEMES = CHANNELS.flatMap((c) => c.shoutrrr.schemes);

export function parseChannelUrl(input: string): ParsedChannelUrl {
  if (typeof input !== 'string') return { ok: false, error: 'the URL must be text' };
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: 'the URL is empty' };
  if (text.length > MAX_URL) return { ok: false, error: `the URL is longer than ${MAX_URL} characters` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, error: 'the URL must start with a scheme such as discord:// or ntfy://' };
  const definition = channelForScheme(scheme);
  if (!definition) return { ok: false, error: `${scheme}:// is not supported; use one of ${SCHEMES.map((s) => `${s}://`).join(', ')}` };
  let url: URL;
  try {
    url = new URL(scheme + text.slice(scheme.length));
  } catch {
    return { ok: false, error: `${scheme}: the URL is malformed` };
  }
  let made;
  try {
    made = definition.shoutrrr.parse(url);
  } catch (err) {
    if (err instanceof ShoutrrrError || err instanceof TypeError) return { ok: false, error: `${scheme}: ${err instanceof ShoutrrrError ? err.message : 'the URL is malformed'}` };
    throw err;
  }
  const parsed = definition.config.safeParse(made.config, { reportInput: true });
  if (!parsed.success) {
    const problems = issuesOf(parsed.error, definition.label).map((i) => `${i.field} ${i.message}`);
    return { ok: false, error: `${scheme}: ${problems.join('; ')}` };
  }
  return { ok: true, kind: definition.kind, config: parsed.data as ChannelConfig, ignored: made.ignored };
}
