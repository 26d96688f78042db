import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl, token } from './fields';
import { cut, linkOf, toneOf, type Tone } from './format';
import { jsonField, postJson } from './http-result';
import { Params, pathSegments, ShoutrrrError } from './url-parts';

/**
 * Gotify: POST /message with the application token in X-Gotify-Key (not the
 * `?token=` query, which proxies log). Priority follows the severity unless
 * the channel fixes one; the Android client opens the host page on a tap.
 */

const config = z.strictObject({
  /** Including a sub-path when Gotify is served under one: https://example.com/gotify */
  server: httpUrl,
  token: token('token', 256),
  /** 0–10; absent: by severity (critical 8, warning 5, resolved 3, acknowledged 2). */
  priority: z.number().int().min(0, 'must be 0 to 10').max(10, 'must be 0 to 10').optional(),
});
export type GotifyConfig = z.infer<typeof config>;

const PRIORITY: Record<Tone, number> = { critical: 8, warning: 5, resolved: 3, info: 2 };

export function gotifyMessage(notice: Notice, c: GotifyConfig) {
  const link = linkOf(notice.url);
  const message = [notice.text, ...notice.fields.map((f) => `${f.label}: ${f.value}`)].join('\n');
  return {
    title: cut(notice.title, 250),
    message: cut(message, 4000),
    priority: c.priority ?? PRIORITY[toneOf(notice.event)],
    extras: {
      'client::display': { contentType: 'text/plain' },
      ...(link ? { 'client::notification': { click: { url: link } } } : {}),
    },
  };
}

function send(notice: Notice, c: GotifyConfig, ctx: ChannelContext) {
  const url = `${c.server.replace(/\/+$/, '')}/message`;
  return postJson('Gotify', url, gotifyMessage(notice, c), ctx, {
    headers: { 'X-Gotify-Key': c.token },
    describe: (res) => jsonField(res.body, 'errorDescription') ?? jsonField(res.body, 'error'),
  });
}

/** `gotify://host[:port][/sub/path]/<app token>[?priority=5&disabletls=yes]`. */
function parse(url: URL) {
  if (url.username || url.password) throw new ShoutrrrError('unexpected user part: expected gotify://host/<token>');
  if (!url.hostname) throw new ShoutrrrError('the host is missing: expected gotify://host/<token>');
  const segments = pathSegments(url);
  const tokenPart = segments.pop();
  if (!tokenPart) throw new ShoutrrrError('the app token is missing: expected gotify://host/<token>');
  const params = new Params(url);
  const http = params.bool('disabletls') ?? false;
  const priority = params.int('priority', 0, 10);
  const server = `${http ? 'http' : 'https'}://${url.host}${segments.map((s) => `/${encodeURIComponent(s)}`).join('')}`;
  return { config: { server, token: tokenPart, ...(priority !== undefined ? { priority } : {}) }, ignored: params.ignored() };
}

export const gotify = defineChannel({
  kind: 'gotify',
  label: 'Gotify',
  config,
  secrets: ['token'],
  shoutrrr: { schemes: ['gotify'], parse },
  send,
});
