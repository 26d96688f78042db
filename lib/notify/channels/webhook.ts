import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from '../signature';
import { defineChannel, type ChannelContext } from '../types';
import { headerText, httpUrl } from './fields';
import { postJson } from './http-result';
import { Params, ShoutrrrError } from './url-parts';

/**
 * A generic JSON webhook: the event and the rendered notice, signed with the
 * channel's secret (see lib/notify/signature.ts for how a receiver verifies),
 * with the delivery's idempotency key in X-Hostwatch-Delivery. One optional
 * extra header carries whatever the receiver wants for authentication.
 */

/** Headers the sender sets itself; a custom header must not replace them. */
const RESERVED_HEADERS = /^(host|content-length|content-type|transfer-encoding|connection|user-agent|x-hostwatch-.*)$/i;

const config = z
  .strictObject({
    url: httpUrl,
    /** HMAC key for X-Hostwatch-Signature; without one the request goes unsigned. */
    secret: z.string().min(16, 'must be at least 16 characters').max(256, 'must be at most 256 characters').optional(),
    headerName: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name (letters, digits, dashes)')
      .refine((h) => !RESERVED_HEADERS.test(h), 'is set by Hostwatch itself')
      .optional(),
    headerValue: headerText(1024).optional(),
  })
  .refine((c) => (c.headerName === undefined) === (c.headerValue === undefined), { path: ['headerValue'], message: 'headerName and headerValue go together' });

export type WebhookConfig = z.infer<typeof config>;

/** The JSON body, documented for receivers: `type` is `alert.<event kind>`. */
export function webhookBody(notice: Notice, deliveryId: string, now: number) {
  return {
    type: `alert.${notice.event.kind}`,
    deliveryId,
    sentAt: new Date(now).toISOString(),
    event: notice.event,
    notice: { title: notice.title, text: notice.text, url: notice.url, fields: notice.fields },
  };
}

async function send(notice: Notice, c: WebhookConfig, ctx: ChannelContext) {
  const body = webhookBody(notice, ctx.deliveryId, ctx.now);
  const headers: Record<string, string> = { [DELIVERY_HEADER]: ctx.deliveryId, 'X-Hostwatch-Event': notice.event.kind };
  if (c.secret) headers[SIGNATURE_HEADER] = signatureHeader(c.secret, ctx.now, JSON.stringify(body));
  if (c.headerName && c.headerValue !== undefined) headers[c.headerName] = c.headerValue;
  return postJson('Webhook', c.url, body, ctx, { headers });
}

/** Shoutrrr's own options of `generic://`; everything else in the query belongs to the target URL. */
const GENERIC_OPTIONS = ['template', 'title', 'titlekey', 'messagekey', 'contenttype', 'method', 'disabletls'];
const CONSUMED = ['method', 'disabletls'];

/**
 * `generic://host/path?…` (https unless `disabletls=yes`; `_key` forwards as `key`; `@Header=value` sets a header),
 * `generic+https://host/path?…` and `generic+http://…` (the URL after `generic+`, query and all).
 */
function parse(url: URL) {
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'generic') {
    const target = new URL(url.href.slice('generic+'.length));
    return { config: { url: target.href }, ignored: [] };
  }
  const params = new Params(url);
  const method = params.get('method');
  if (method !== undefined && method.toUpperCase() !== 'POST') throw new ShoutrrrError(`method ${method} is not supported: Hostwatch webhooks are POST requests`);
  const http = params.bool('disabletls') ?? false;
  const forwarded = new URLSearchParams();
  let header: [string, string] | null = null;
  for (const [key, value] of url.searchParams) {
    const k = key.toLowerCase();
    if (GENERIC_OPTIONS.includes(k) || key.startsWith('$')) continue;
    if (key.startsWith('@')) {
      if (header) throw new ShoutrrrError('only one custom header (@name=value) is supported');
      header = [key.slice(1), value];
    } else forwarded.append(key.startsWith('_') ? key.slice(1) : key, value);
  }
  const target = new URL(`${http ? 'http' : 'https'}://${url.host}${url.pathname}`);
  if (url.username || url.password) {
    target.username = url.username;
    target.password = url.password;
  }
  target.search = forwarded.toString();
  // Templates, titles and extra JSON fields shape Shoutrrr's body; Hostwatch sends its own.
  const ignored = [...new Set(url.searchParams.keys())].filter((k) => k.startsWith('$') || (GENERIC_OPTIONS.includes(k.toLowerCase()) && !CONSUMED.includes(k.toLowerCase())));
  return {
    config: { url: target.href, ...(header ? { headerName: header[0], headerValue: header[1] } : {}) },
    ignored,
  };
}

export const webhook = defineChannel({
  kind: 'webhook',
  label: 'Webhook (JSON)',
  config,
  secrets: ['url', 'secret', 'headerValue'],
  shoutrrr: { schemes: ['generic', 'generic+https', 'generic+http'], parse },
  send,
});
