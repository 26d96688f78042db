import { describe, expect, it } from 'vitest';
import type { Notice } from '@/lib/alerts/notice';
import { discordMessage } from '@/lib/notify/channels/discord';
import { emailBody } from '@/lib/notify/channels/email';
import { TONE_COLORS } from '@/lib/notify/channels/format';
import { slackMessage } from '@/lib/notify/channels/slack';
import { teamsMessage } from '@/lib/notify/channels/teams';
import { telegramText } from '@/lib/notify/channels/telegram';
import { testNotice } from '@/lib/notify';

/** A notice whose host and process names try to inject markup and mentions. */
function hostile(): Notice {
  const base = testNotice(Date.UTC(2026, 0, 1));
  return {
    ...base,
    title: '[FIRING] <!channel> @everyone web-1: <b>cpu</b> & more',
    text: 'Process <script>alert(1)</script> missing\nsince 10:00',
    url: 'https://hostwatch.example.com/hosts/h1?from=1&to=2',
    fields: [{ label: 'Host <i>', value: '@here & <@123>' }],
    event: { ...base.event, kind: 'firing', severity: 'critical' },
  };
}

describe('channel templates', () => {
  it('Slack escapes <, > and & so a name cannot mention a channel or add a link', () => {
    const m = slackMessage(hostile());
    const json = JSON.stringify(m.blocks.slice(1));
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@123>');
    expect(json).toContain('&lt;script&gt;');
    expect(m.text).toContain('[FIRING]');
  });

  it('Telegram escapes HTML and stays under the message limit whatever the fields', () => {
    const n = hostile();
    const text = telegramText(n);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<b>[FIRING] &lt;!channel&gt; @everyone web-1: &lt;b&gt;cpu&lt;/b&gt; &amp; more</b>');
    expect(text).toContain('<a href="https://hostwatch.example.com/hosts/h1?from=1&amp;to=2">');
    const huge = telegramText({ ...n, text: 'x'.repeat(10_000), fields: Array.from({ length: 200 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(300) })) });
    expect(huge.length).toBeLessThanOrEqual(4096);
  });

  it('Discord colours by severity and resolution, and mentions no one', () => {
    const n = hostile();
    expect(discordMessage(n, { webhookUrl: 'https://discord.com/api/webhooks/1/t' })).toMatchObject({ embeds: [{ color: TONE_COLORS.critical }], allowed_mentions: { parse: [] } });
    const resolved = { ...n, event: { ...n.event, kind: 'resolved' as const } };
    expect(discordMessage(resolved, { webhookUrl: 'https://discord.com/api/webhooks/1/t' }).embeds[0].color).toBe(TONE_COLORS.resolved);
  });

  it('Teams posts an Adaptive Card with the facts and a link', () => {
    const m = teamsMessage(hostile());
    expect(m.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(m.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', url: 'https://hostwatch.example.com/hosts/h1?from=1&to=2' }] });
  });

  it('email escapes the HTML part and keeps the subject on one line', () => {
    const n = { ...hostile(), title: 'line one\r\nBcc: victim@example.com' };
    const { subject, html, text } = emailBody(n);
    expect(subject).toBe('line one Bcc: victim@example.com');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(text).toContain('Process <script>alert(1)</script> missing');
  });

  it('links only to http(s) URLs', () => {
    const n = { ...hostile(), url: 'javascript:alert(1)' };
    expect(JSON.stringify(slackMessage(n))).not.toContain('javascript:');
    expect(telegramText(n)).not.toContain('javascript:');
    expect(emailBody(n).html).not.toContain('javascript:');
  });
});
