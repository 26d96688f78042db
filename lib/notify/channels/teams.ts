import 'server-only';
import { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import { defineChannel, type ChannelContext } from '../types';
import { httpUrl } from './fields';
import { cut, linkOf, toneOf, type Tone } from './format';
import { postJson } from './http-result';
import { Params, ShoutrrrError } from './url-parts';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, the
 * "When a Teams webhook request is received" / "Post to a channel when a
 * webhook request is received" trigger. The body is an Adaptive Card 1.4 in a
 * message attachment: Office 365 connectors and their MessageCards are retired,
 * and workflows accept Adaptive Cards only. A workflow answers 202 Accepted.
 */

const config = z.strictObject({ webhookUrl: httpUrl });
export type TeamsConfig = z.infer<typeof config>;

/** Adaptive Card text colours. */
const COLOR: Record<Tone, string> = { critical: 'Attention', warning: 'Warning', resolved: 'Good', info: 'Accent' };

export function teamsMessage(notice: Notice) {
  const link = linkOf(notice.url);
  const body: unknown[] = [
    { type: 'TextBlock', text: cut(notice.title, 400), weight: 'Bolder', size: 'Medium', wrap: true, color: COLOR[toneOf(notice.event)] },
    { type: 'TextBlock', text: cut(notice.text, 4000), wrap: true },
  ];
  if (notice.fields.length > 0) {
    body.push({ type: 'FactSet', facts: notice.fields.slice(0, 20).map((f) => ({ title: cut(f.label, 200), value: cut(f.value, 1000) })) });
  }
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    ...(link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Hostwatch', url: link }] } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

function send(notice: Notice, c: TeamsConfig, ctx: ChannelContext) {
  return postJson('Teams', c.webhookUrl, teamsMessage(notice), ctx);
}

/**
 * `teams://?host=<workflow URL, %-encoded>` (Shoutrrr's current form). The
 * legacy `teams://group@tenant/altId/groupOwner?host=….webhook.office.com`
 * names an Office 365 connector, which Microsoft has retired; it is refused
 * with a hint instead of producing a channel that can never deliver.
 */
function parse(url: URL) {
  const params = new Params(url);
  const host = params.get('host');
  if (url.username || url.hostname || (host && /webhook\.office\.com|outlook\.office\.com/i.test(host) && !/^https?:\/\//i.test(host))) {
    throw new ShoutrrrError('this is a legacy Office 365 connector URL, which Teams no longer accepts: create a Workflows webhook and use teams://?host=<workflow URL>');
  }
  if (!host) throw new ShoutrrrError('host is missing: expected teams://?host=<workflow URL>');
  if (!/^https?:\/\//i.test(host)) throw new ShoutrrrError('host must be the full workflow URL, starting with https://');
  return { config: { webhookUrl: host }, ignored: params.ignored() };
}

export const teams = defineChannel({
  kind: 'teams',
  label: 'Microsoft Teams (Workflows)',
  config,
  secrets: ['webhookUrl'],
  shoutrrr: { schemes: ['teams'], parse },
  send,
});
