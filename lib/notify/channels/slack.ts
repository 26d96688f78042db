import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl } from './fields';
import { cut, linkOf, toneOf, type Tone } from './format';
import { postJson } from './http-result';
import { credentials, pathSegments, ShoutrrrError } from './url-parts';

/**
 * Slack incoming webhook: Block Kit blocks (header, text, fields, a button to
 * the host page) with `text` as the fallback notifications and old clients
 * show. Slack's answer to a bad post is a word in the body ("invalid_payload",
 * "no_service"), which the detail carries.
 */

const config = z.strictObject({ webhookUrl: httpUrl });
export type SlackConfig = z.infer<typeof config>;

const EMOJI: Record<Tone, string> = { critical: '🔴', warning: '🟠', resolved: '✅', info: 'ℹ️' };

/** Slack reads `<…>` as links and mentions (`<!channel>`); a host name must not ping a whole channel. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackMessage(notice: Notice) {
  const link = linkOf(notice.url);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${EMOJI[toneOf(notice.event)]} ${notice.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(escapeMrkdwn(notice.text) || ' ', 3000) } },
  ];
  if (notice.fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: notice.fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: cut(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000) })),
    });
  }
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Hostwatch' }, url: link }] });
  return { text: cut(notice.title, 3000), blocks };
}

function send(notice: Notice, c: SlackConfig, ctx: ChannelContext) {
  return postJson('Slack', c.webhookUrl, slackMessage(notice), ctx);
}

const TOKEN = /^([A-Z0-9]{9,})([-/,])([A-Z0-9]{9,})\2([A-Za-z0-9]{24,})$/;

/**
 * `slack://hook:T…-B…-X…@webhook` (the current form) and the legacy
 * `slack://[botname@]T…/B…/X…`, both the parts of
 * https://hooks.slack.com/services/T…/B…/X…. Bot API tokens (`xoxb:`/`xoxp:`)
 * are refused: Hostwatch posts through incoming webhooks only.
 */
function parse(url: URL) {
  const { user, password } = credentials(url);
  let raw: string;
  if (pathSegments(url).length > 0) raw = [url.hostname, ...pathSegments(url)].join('/');
  else if (user === 'hook') raw = password;
  else if (/^xox.$/.test(user)) throw new ShoutrrrError('Slack API tokens (xoxb/xoxp) are not supported: create an incoming webhook and use slack://hook:<token>@webhook');
  else throw new ShoutrrrError('expected slack://hook:T…-B…-X…@webhook or slack://T…/B…/X…');
  const match = TOKEN.exec(raw);
  if (!match) throw new ShoutrrrError('the webhook token should be three parts like T00000000-B00000000-XXXXXXXXXXXXXXXXXXXXXXXX');
  const ignored = [...new Set(url.searchParams.keys())];
  return { config: { webhookUrl: `https://hooks.slack.com/services/${match[1]}/${match[3]}/${match[4]}` }, ignored };
}

export const slack = defineChannel({
  kind: 'slack',
  label: 'Slack',
  config,
  secrets: ['webhookUrl'],
  shoutrrr: { schemes: ['slack'], parse },
  send,
});
