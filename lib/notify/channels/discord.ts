import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl, label } from './fields';
import { cut, linkOf, TONE_COLORS, toneOf } from './format';
import { jsonField, postJson } from './http-result';
import { credentials, Params, pathSegments, ShoutrrrError } from './url-parts';

/**
 * Discord webhook: one embed coloured by severity (green once resolved),
 * fields inline. Mentions are switched off, so a host or rule named
 * "@everyone" pings no one. Discord answers 204 No Content.
 */

const config = z.strictObject({
  webhookUrl: httpUrl,
  /** Overrides the webhook's own name. */
  username: label(80).optional(),
});
export type DiscordConfig = z.infer<typeof config>;

export function discordMessage(notice: Notice, c: DiscordConfig) {
  const link = linkOf(notice.url);
  const embed = {
    title: cut(notice.title, 256),
    description: cut(notice.text, 4096),
    color: TONE_COLORS[toneOf(notice.event)],
    timestamp: new Date(notice.event.at).toISOString(),
    ...(link ? { url: link } : {}),
    fields: notice.fields.slice(0, 25).map((f) => ({ name: cut(f.label, 256) || '-', value: cut(f.value, 1024) || '-', inline: true })),
  };
  return { ...(c.username ? { username: c.username } : {}), embeds: [embed], allowed_mentions: { parse: [] } };
}

function send(notice: Notice, c: DiscordConfig, ctx: ChannelContext) {
  return postJson('Discord', c.webhookUrl, discordMessage(notice, c), ctx, { describe: (res) => jsonField(res.body, 'message') });
}

/** `discord://<token>@<webhook id>[?thread_id=…&username=…]` → https://discord.com/api/webhooks/<id>/<token>. */
function parse(url: URL) {
  const { user: token } = credentials(url);
  const id = url.hostname;
  if (!id) throw new ShoutrrrError('the webhook id is missing: expected discord://<token>@<webhook id>');
  if (!/^\d{1,24}$/.test(id)) throw new ShoutrrrError('the webhook id (after @) must be digits');
  if (!token) throw new ShoutrrrError('the token is missing: expected discord://<token>@<webhook id>');
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(token)) throw new ShoutrrrError('the token (before @) has characters a Discord token does not');
  const segments = pathSegments(url);
  if (segments.length > 1 || (segments.length === 1 && segments[0] !== 'raw')) throw new ShoutrrrError('unexpected path: expected discord://<token>@<webhook id>');
  const params = new Params(url);
  const thread = params.get('thread_id')?.trim();
  if (thread !== undefined && !/^\d{1,24}$/.test(thread)) throw new ShoutrrrError('thread_id must be digits');
  const username = params.get('username');
  const webhookUrl = `https://discord.com/api/webhooks/${id}/${token}${thread ? `?thread_id=${thread}` : ''}`;
  return {
    config: { webhookUrl, ...(username ? { username } : {}) },
    // The raw-JSON mode sends the message text as the body; Hostwatch always sends its embed.
    ignored: [...params.ignored(), ...(segments.length === 1 ? ['/raw'] : [])],
  };
}

export const discord = defineChannel({
  kind: 'discord',
  label: 'Discord',
  config,
  secrets: ['webhookUrl'],
  shoutrrr: { schemes: ['discord'], parse },
  send,
});
