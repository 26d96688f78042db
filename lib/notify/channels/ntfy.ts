import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { headerText, httpUrl, token } from './fields';
import { cut, linkOf, toneOf, type Tone } from './format';
import { jsonField, postJson } from './http-result';
import { credentials, Params, pathSegments, ShoutrrrError } from './url-parts';

/**
 * ntfy: published as JSON to the server's root (the JSON form carries any
 * text; headers would need RFC 2047 for non-ASCII titles). Priority follows
 * the severity unless the channel fixes one; a click opens the host page.
 * Auth is an access token (Bearer) or a user and password (Basic).
 */

const config = z
  .strictObject({
    server: httpUrl.default('https://ntfy.sh'),
    topic: z.string().trim().regex(/^[-_A-Za-z0-9]{1,64}$/, 'must be 1–64 letters, digits, - or _'),
    token: token('token', 256).optional(),
    username: headerText(128).optional(),
    password: headerText(256).optional(),
    /** 1 (min) – 5 (max); absent: by severity. */
    priority: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').optional(),
  })
  .refine((c) => !(c.token && (c.username || c.password)), { path: ['token'], message: 'use a token or a username and password, not both' })
  .refine((c) => !c.password || c.username, { path: ['username'], message: 'is required with a password' });
export type NtfyConfig = z.infer<typeof config>;

const PRIORITY: Record<Tone, number> = { critical: 5, warning: 4, resolved: 3, info: 2 };
const TAGS: Record<Tone, string> = { critical: 'rotating_light', warning: 'warning', resolved: 'white_check_mark', info: 'information_source' };

export function ntfyMessage(notice: Notice, c: NtfyConfig) {
  const tone = toneOf(notice.event);
  const link = linkOf(notice.url);
  const lines = [notice.text, ...notice.fields.map((f) => `${f.label}: ${f.value}`)].join('\n');
  return {
    topic: c.topic,
    title: cut(notice.title, 250),
    message: cut(lines, 4000),
    priority: c.priority ?? PRIORITY[tone],
    tags: [TAGS[tone]],
    ...(link ? { click: link } : {}),
  };
}

function authorization(c: NtfyConfig): Record<string, string> {
  if (c.token) return { authorization: `Bearer ${c.token}` };
  if (c.username) return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}` };
  return {};
}

function send(notice: Notice, c: NtfyConfig, ctx: ChannelContext) {
  const url = `${c.server.replace(/\/+$/, '')}/`;
  return postJson('ntfy', url, ntfyMessage(notice, c), ctx, { headers: authorization(c), describe: (res) => jsonField(res.body, 'error') });
}

const WORDS: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

/** `ntfy://[user:password@]host[:port]/topic[?scheme=http&priority=high]`; a password starting `tk_` with no user is an access token. */
function parse(url: URL) {
  const { user, password } = credentials(url);
  const segments = pathSegments(url);
  if (segments.length === 0) throw new ShoutrrrError('the topic is missing: expected ntfy://host/topic');
  if (segments.length > 1) throw new ShoutrrrError('the topic must be one path segment: expected ntfy://host/topic');
  const params = new Params(url);
  const scheme = (params.get('scheme') ?? 'https').toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') throw new ShoutrrrError(`scheme must be http or https, not "${scheme}"`);
  const priorityText = params.get('priority');
  let priority: number | undefined;
  if (priorityText !== undefined) {
    priority = WORDS[priorityText.toLowerCase()] ?? (/^[1-5]$/.test(priorityText) ? Number(priorityText) : undefined);
    if (priority === undefined) throw new ShoutrrrError(`priority must be 1–5 or min, low, default, high, max; not "${priorityText}"`);
  }
  const auth: Record<string, string> = !user && password.startsWith('tk_') ? { token: password } : user ? { username: user, ...(password ? { password } : {}) } : {};
  return {
    config: { server: `${scheme}://${url.host || 'ntfy.sh'}`, topic: segments[0], ...auth, ...(priority !== undefined ? { priority } : {}) },
    ignored: params.ignored(),
  };
}

export const ntfy = defineChannel({
  kind: 'ntfy',
  label: 'ntfy',
  config,
  secrets: ['token', 'password'],
  shoutrrr: { schemes: ['ntfy'], parse },
  send,
});
