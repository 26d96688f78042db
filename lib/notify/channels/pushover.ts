import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl } from './fields';
import { cut, linkOf, toneOf, type Tone } from './format';
import { deliver } from './http-result';
import { credentials, Params, ShoutrrrError } from './url-parts';

/**
 * Pushover: POST /1/messages.json (form-encoded, as the API documents).
 * Priority follows the severity (critical 1 = high, bypassing quiet hours;
 * resolved −1 = quiet) unless the channel fixes one. Emergency priority (2)
 * needs retry and expiry handling and is not offered. `apiBase` is for a
 * compatible self-hosted API.
 */

const key = (what: string) => z.string().trim().regex(/^[A-Za-z0-9]{30}$/, `must be the 30-character ${what} from pushover.net`);

const config = z.strictObject({
  userKey: key('user or group key'),
  appToken: key('application API token'),
  /** Device names, comma-separated; absent: all of the user's devices. */
  device: z.string().trim().regex(/^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25}){0,9}$/, 'must be device names separated by commas').optional(),
  /** −2 (silent) to 1 (high); absent: by severity. */
  priority: z.number().int().min(-2, 'must be −2 to 1').max(1, 'must be −2 to 1 (emergency priority is not supported)').optional(),
  apiBase: httpUrl.default('https://api.pushover.net'),
});
export type PushoverConfig = z.infer<typeof config>;

const PRIORITY: Record<Tone, number> = { critical: 1, warning: 0, resolved: -1, info: -1 };

export function pushoverForm(notice: Notice, c: PushoverConfig): URLSearchParams {
  const link = linkOf(notice.url);
  const message = [notice.text, ...notice.fields.map((f) => `${f.label}: ${f.value}`)].join('\n');
  const form = new URLSearchParams({
    token: c.appToken,
    user: c.userKey,
    title: cut(notice.title, 250),
    message: cut(message || notice.title, 1024),
    priority: String(c.priority ?? PRIORITY[toneOf(notice.event)]),
    timestamp: String(Math.floor(notice.event.at / 1000)),
  });
  if (c.device) form.set('device', c.device);
  if (link && link.length <= 512) {
    form.set('url', link);
    form.set('url_title', 'Open in Hostwatch');
  }
  return form;
}

/** Pushover explains a refusal in `errors: [...]`. */
function describe(body: string): string | null {
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    return Array.isArray(errors) && errors.every((e) => typeof e === 'string') ? errors.join('; ') : null;
  } catch {
    return null;
  }
}

function send(notice: Notice, c: PushoverConfig, ctx: ChannelContext) {
  const url = `${c.apiBase.replace(/\/+$/, '')}/1/messages.json`;
  const body = pushoverForm(notice, c).toString();
  return deliver('Pushover', { url, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, ctx, (res) => describe(res.body));
}

/** `pushover://shoutrrr:<app token>@<user key>[/?devices=a,b&priority=1]`. */
function parse(url: URL) {
  const { password } = credentials(url);
  if (!url.hostname) throw new ShoutrrrError('the user key is missing: expected pushover://shoutrrr:<app token>@<user key>');
  if (!password) throw new ShoutrrrError('the app token is missing: expected pushover://shoutrrr:<app token>@<user key>');
  const params = new Params(url);
  const priority = params.int('priority', -2, 2);
  if (priority === 2) throw new ShoutrrrError('priority 2 (emergency) is not supported: use −2 to 1');
  const devices = params.get('devices');
  return {
    config: { userKey: url.hostname, appToken: password, ...(devices ? { device: devices } : {}), ...(priority !== undefined ? { priority } : {}) },
    ignored: params.ignored(),
  };
}

export const pushover = defineChannel({
  kind: 'pushover',
  label: 'Pushover',
  config,
  secrets: ['appToken', 'userKey'],
  shoutrrr: { schemes: ['pushover'], parse },
  send,
});
