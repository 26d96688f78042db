import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl } from './fields';
import { cut, escapeHtml, linkOf, toneOf, type Tone } from './format';
import { jsonField, postJson } from './http-result';
import { credentials, Params, ShoutrrrError } from './url-parts';

/**
 * Telegram bot: sendMessage in HTML parse mode, every piece of text escaped
 * (a `<` in a process name must not break the message or add markup).
 * `apiBase` is for a compatible self-hosted Bot API server.
 */

const config = z.strictObject({
  botToken: z.string().trim().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456789:AAE… (from @BotFather)'),
  chatId: z
    .string()
    .trim()
    .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a numeric chat id (e.g. -1001234567890) or a @channelname'),
  /** Deliver without sound. */
  silent: z.boolean().default(false),
  apiBase: httpUrl.default('https://api.telegram.org'),
});
export type TelegramConfig = z.infer<typeof config>;

const EMOJI: Record<Tone, string> = { critical: '🔴', warning: '🟠', resolved: '✅', info: 'ℹ️' };
/** Telegram's limit is 4096 characters after entities are parsed; stay under it before. */
const MAX_MESSAGE = 4000;

export function telegramText(notice: Notice): string {
  const link = linkOf(notice.url);
  const head = `${EMOJI[toneOf(notice.event)]} <b>${escapeHtml(cut(notice.title, 256))}</b>\n${escapeHtml(cut(notice.text, 2500))}`;
  const tail = link ? `\n\n<a href="${escapeHtml(link)}">Open in Hostwatch</a>` : '';
  let fields = '';
  for (const f of notice.fields) {
    const line = `\n<b>${escapeHtml(cut(f.label, 64))}</b>: ${escapeHtml(cut(f.value, 200))}`;
    if (head.length + fields.length + line.length + tail.length + 1 > MAX_MESSAGE) break;
    fields += line;
  }
  return head + (fields ? `\n${fields}` : '') + tail;
}

function send(notice: Notice, c: TelegramConfig, ctx: ChannelContext) {
  const url = `${c.apiBase.replace(/\/+$/, '')}/bot${c.botToken}/sendMessage`;
  const payload = { chat_id: c.chatId, text: telegramText(notice), parse_mode: 'HTML', disable_web_page_preview: true, disable_notification: c.silent };
  return postJson('Telegram', url, payload, ctx, { describe: (res) => jsonField(res.body, 'description') });
}

/** `telegram://<bot token>@telegram?chats=<chat>` (the token's `:` splits it into user and password). */
function parse(url: URL) {
  const { user, password } = credentials(url);
  if (!user || !password) throw new ShoutrrrError('the bot token is missing: expected telegram://<123456:ABC…>@telegram?chats=<chat>');
  const params = new Params(url);
  const chats = (params.get('chats', 'channels') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (chats.length === 0) throw new ShoutrrrError('chats is missing: add ?chats=<chat id or @channel>');
  if (chats.length > 1) throw new ShoutrrrError(`chats lists ${chats.length} chats; a Hostwatch channel sends to one, so add a channel per chat`);
  const notification = params.bool('notification');
  return {
    config: { botToken: `${user}:${password}`, chatId: chats[0], ...(notification === false ? { silent: true } : {}) },
    ignored: params.ignored(),
  };
}

export const telegram = defineChannel({
  kind: 'telegram',
  label: 'Telegram',
  config,
  secrets: ['botToken'],
  shoutrrr: { schemes: ['telegram'], parse },
  send,
});
