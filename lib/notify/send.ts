import 'server-only';
import type { Notice } from '@/lib/alerts/notice';
import type { AlertEvent, Channel } from '@/lib/alerts/schemas';
import { channelKind } from './channels';
import { cut, oneLine } from './channels/format';
import { failureResult } from './channels/http-result';
import { configuredPolicy } from './policy';
import { redact, secretFragments } from './secrets';
import type { SendContext, SendResult } from './types';
import { issuesOf } from './validate';

/**
 * Sending one notice on one channel: look the kind up, validate the stored
 * config again (it may predate a schema change), send with every default
 * resolved, and hand back a result whose detail is one line, at most 300
 * characters and free of the channel's secrets, whatever the receiver or the
 * network said.
 */

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_TIMEOUT_MS = 60_000;
export const MAX_DETAIL = 300;

const refused = (detail: string): SendResult => ({ ok: false, status: null, retryable: false, detail });

export async function sendNotice(channel: Pick<Channel, 'kind' | 'config'>, notice: Notice, ctx: SendContext): Promise<SendResult> {
  const definition = channelKind(channel.kind);
  if (!definition) return refused(`"${cut(oneLine(channel.kind), 32)}" is not a kind of channel`);
  const fragments = secretFragments(channel.kind, channel.config);
  const finish = (r: SendResult): SendResult => ({ ...r, detail: cut(redact(oneLine(r.detail), fragments), MAX_DETAIL) });

  // The key goes into a header: bounded and printable, or nothing is sent.
  if (!/^[\x21-\x7e]{1,160}$/.test(ctx.deliveryId)) return refused('the delivery id must be 1–160 printable ASCII characters');
  const parsed = definition.config.safeParse(channel.config, { reportInput: true });
  if (!parsed.success) {
    const problems = issuesOf(parsed.error, definition.label).map((i) => `${i.field} ${i.message}`);
    return finish(refused(`${definition.label}: the channel's settings are invalid: ${problems.join('; ')}`));
  }
  const timeoutMs = Math.min(Math.max(1, Math.floor(ctx.timeoutMs ?? definition.timeoutMs ?? DEFAULT_TIMEOUT_MS)), MAX_TIMEOUT_MS);
  try {
    const result = await definition.send(notice, parsed.data, { deliveryId: ctx.deliveryId, now: ctx.now, timeoutMs, policy: ctx.policy ?? configuredPolicy() });
    return finish(result);
  } catch (err) {
    // Channels turn expected failures into results; this is the unexpected rest.
    return finish(failureResult(definition.label, err));
  }
}

/** The notice "send test" sends: marked as a test everywhere a person looks. */
export function testNotice(now: number, url = ''): Notice {
  const event: AlertEvent = {
    id: 'test',
    ruleId: 'test',
    ruleName: 'Test notification',
    hostId: 'test',
    hostName: 'hostwatch',
    entity: '',
    kind: 'firing',
    severity: 'warning',
    value: null,
    threshold: null,
    at: now,
    firingSince: null,
    suppressed: null,
  };
  return {
    title: '[TEST] Hostwatch test notification',
    text: 'This is a test from Hostwatch. If you can read it, this channel works.',
    url,
    fields: [
      { label: 'Rule', value: 'Test notification' },
      { label: 'Sent', value: new Date(now).toISOString() },
    ],
    event,
  };
}

/** Send the test notice: the settings page shows the answer ("Discord answered 204", "SMTP: connect ECONNREFUSED …"). */
export function sendTest(channel: Pick<Channel, 'kind' | 'config'>, ctx: SendContext & { url?: string }): Promise<SendResult> {
  return sendNotice(channel, testNotice(ctx.now, ctx.url), ctx);
}
