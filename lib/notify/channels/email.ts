import 'server-only';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { DeliveryFailure } from '../failure';
import { resolveTarget } from '../resolve-target';
import { defineChannel, type ChannelContext, type SendResult } from '../types';
import { headerText, label } from './fields';
import { cut, escapeHtml, hexColor, linkOf, oneLine, toneOf } from './format';
import { failureResult } from './http-result';
import { credentials, Params, pathSegments, ShoutrrrError } from './url-parts';

/**
 * Email over SMTP with nodemailer: plain text plus a simple HTML part, the
 * notice's title as the subject. The SMTP host is resolved and checked like
 * every HTTP target, and nodemailer connects to the checked address
 * (`host` = the IP, the name kept as TLS `servername`, so the certificate is
 * still verified against it). `security`: `tls` is TLS from the first byte
 * (port 465), `starttls` requires the upgrade (refuses to send credentials or
 * mail in the clear), `none` never upgrades (a local relay).
 */

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const MAX_RECIPIENTS = 20;

const address = z.email('must be an email address').max(254);

export const splitRecipients = (to: string) => to.split(/[,;]/).map((a) => a.trim()).filter((a) => a !== '');

const config = z
  .strictObject({
    host: z
      .string()
      .trim()
      .refine((h) => HOST_NAME.test(h) || isIP(h.replace(/^\[|\]$/g, '')) !== 0, 'must be a host name or an IP address'),
    port: z.number().int().min(1, 'must be 1 to 65535').max(65535, 'must be 1 to 65535').default(587),
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    username: headerText(256).optional(),
    password: z.string().max(1024, 'must be at most 1024 characters').optional(),
    from: address,
    fromName: label(120).optional(),
    /** Recipients, separated by commas. */
    to: z
      .string()
      .max(4096)
      .superRefine((to, ctx) => {
        const list = splitRecipients(to);
        if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one address' });
        if (list.length > MAX_RECIPIENTS) ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_RECIPIENTS} addresses` });
        const bad = list.find((a) => !address.safeParse(a).success);
        if (bad) ctx.addIssue({ code: 'custom', message: `"${cut(bad, 60)}" is not an email address` });
      }),
  })
  .refine((c) => !c.password || c.username, { path: ['username'], message: 'is required with a password' });
export type EmailConfig = z.infer<typeof config>;

export function emailBody(notice: Notice): { subject: string; text: string; html: string } {
  const link = linkOf(notice.url);
  const fields = notice.fields.map((f) => `${f.label}: ${f.value}`);
  const text = [notice.text, fields.join('\n'), link ? `Open in Hostwatch: ${link}` : ''].filter((p) => p !== '').join('\n\n');
  const rows = notice.fields
    .map((f) => `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(f.label)}</td><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`)
    .join('');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#111">',
    `<h2 style="margin:0 0 12px;font-size:16px;color:${hexColor(toneOf(notice.event))}">${escapeHtml(notice.title)}</h2>`,
    `<p style="margin:0 0 12px;white-space:pre-line">${escapeHtml(notice.text)}</p>`,
    rows ? `<table style="border-collapse:collapse;margin:0 0 12px">${rows}</table>` : '',
    link ? `<p><a href="${escapeHtml(link)}">Open in Hostwatch</a></p>` : '',
    '</body></html>',
  ].join('');
  return { subject: cut(oneLine(notice.title), 250), text, html };
}

/** The three-digit code at the start of an SMTP reply. */
const replyCode = (response: unknown) => (typeof response === 'string' && /^\d{3}/.test(response) ? Number(response.slice(0, 3)) : null);

async function send(notice: Notice, c: EmailConfig, ctx: ChannelContext): Promise<SendResult> {
  // One deadline for resolving, connecting, TLS and the whole SMTP dialogue; nodemailer's own timeouts are per phase.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeliveryFailure(`timed out after ${ctx.timeoutMs} ms talking to ${c.host}:${c.port}`, true)), ctx.timeoutMs);
  const timedOut = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
  timedOut.catch(() => undefined);
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  try {
    const target = await Promise.race([resolveTarget(c.host, ctx.policy, controller.signal), timedOut]);
    transport = nodemailer.createTransport({
      host: target.address,
      port: c.port,
      secure: c.security === 'tls',
      requireTLS: c.security === 'starttls',
      ignoreTLS: c.security === 'none',
      ...(isIP(target.name) ? {} : { servername: target.name, tls: { servername: target.name } }),
      ...(c.username ? { auth: { user: c.username, pass: c.password ?? '' } } : {}),
      connectionTimeout: ctx.timeoutMs,
      greetingTimeout: ctx.timeoutMs,
      socketTimeout: ctx.timeoutMs,
      dnsTimeout: ctx.timeoutMs,
      // Nothing of ours reads files or URLs; make sure nothing can.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const { subject, text, html } = emailBody(notice);
    const info = await Promise.race([
      transport.sendMail({
        from: c.fromName ? { name: c.fromName, address: c.from } : c.from,
        to: splitRecipients(c.to),
        subject,
        text,
        html,
        headers: { 'X-Hostwatch-Delivery': ctx.deliveryId },
      }),
      timedOut,
    ]);
    const rejected = Array.isArray(info.rejected) ? info.rejected.length : 0;
    return {
      ok: true,
      status: replyCode(info.response) ?? 250,
      retryable: false,
      detail: `SMTP answered ${cut(oneLine(String(info.response ?? '250')), 200)}${rejected ? `; ${rejected} recipient(s) refused` : ''}`,
    };
  } catch (err) {
    return smtpFailure(err);
  } finally {
    clearTimeout(timer);
    transport?.close();
  }
}

/** A reply code decides: 4xx may pass later, 5xx will not. Without one: bad credentials, TLS and addresses stay bad; the network may recover. */
function smtpFailure(err: unknown): SendResult {
  if (err instanceof DeliveryFailure) return failureResult('SMTP', err);
  const e = err as { message?: string; code?: string; responseCode?: number };
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  const permanent = ['EAUTH', 'ETLS', 'EENVELOPE', 'EMESSAGE', 'ENOAUTH'].includes(e.code ?? '');
  const retryable = status !== null ? status >= 400 && status < 500 : !permanent;
  return { ok: false, status, retryable, detail: `SMTP: ${oneLine(e.message ?? String(err))}` };
}

const SECURITY: Record<string, 'tls' | 'starttls' | 'none'> = { none: 'none', explicittls: 'starttls', implicittls: 'tls' };

/**
 * `smtp://[user[:password]@]host[:port]/?from=…&to=a,b[&fromname=…&encryption=…&usestarttls=no]`.
 * Port 25 when absent, as in Shoutrrr. Shoutrrr's `Auto` encryption becomes
 * `tls` on port 465 and `starttls` elsewhere (required here, not opportunistic);
 * `usestarttls=no` or `encryption=None` sends in the clear.
 */
function parse(url: URL) {
  const { user, password } = credentials(url);
  if (!url.hostname) throw new ShoutrrrError('the host is missing: expected smtp://host:port/?from=…&to=…');
  if (pathSegments(url).length > 0) throw new ShoutrrrError('unexpected path: options go in the query, smtp://host:port/?from=…&to=…');
  const params = new Params(url);
  // A `+` in a query decodes to a space; Shoutrrr puts it back (a+tag@example.com).
  const from = params.get('fromaddress', 'from')?.replace(/ /g, '+');
  const to = params.get('toaddresses', 'to')?.replace(/ /g, '+');
  if (!from) throw new ShoutrrrError('from is missing: add ?from=<sender address>');
  if (!to) throw new ShoutrrrError('to is missing: add &to=<recipient>[,<recipient>]');
  const port = url.port ? Number(url.port) : 25;
  const encryption = params.get('encryption')?.toLowerCase();
  const startTls = params.bool('usestarttls', 'starttls');
  let security: 'tls' | 'starttls' | 'none';
  if (encryption && encryption !== 'auto') {
    const chosen = SECURITY[encryption];
    if (!chosen) throw new ShoutrrrError(`encryption must be None, ExplicitTLS, ImplicitTLS or Auto, not "${encryption}"`);
    security = chosen;
  } else security = port === 465 ? 'tls' : startTls === false ? 'none' : 'starttls';
  const fromName = params.get('fromname');
  return {
    config: {
      host: url.hostname,
      port,
      security,
      ...(user ? { username: user } : {}),
      ...(password ? { password } : {}),
      from,
      ...(fromName ? { fromName } : {}),
      to,
    },
    ignored: params.ignored(),
  };
}

export const email = defineChannel({
  kind: 'email',
  label: 'Email (SMTP)',
  config,
  secrets: ['password'],
  timeoutMs: 10_000,
  shoutrrr: { schemes: ['smtp'], parse },
  send,
});
