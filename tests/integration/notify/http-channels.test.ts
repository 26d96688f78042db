import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { policyFromSetting, sendNotice, sendTest, verifyWebhookSignature } from '@/lib/notify';
import { TONE_COLORS } from '@/lib/notify/channels/format';
import { NOW, sampleNotice } from './notice';
import { startReceiver, type Receiver } from './receiver';

/**
 * Every HTTP channel against a real local receiver (loopback allowed by the
 * policy, as an operator would with HOSTWATCH_ALERTS_ALLOW_PRIVATE): the
 * request each kind makes, and the result it reports.
 */

const policy = policyFromSetting(['127.0.0.1/32']);
const ctx = { deliveryId: 'r1:h1:/:7:chan1', now: NOW, policy };
const TG_TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const PO_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const PO_APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.requests.length = 0;
  rx.reply({ status: 200, body: 'ok' });
});

const only = () => {
  expect(rx.requests).toHaveLength(1);
  return rx.requests[0];
};
const json = () => JSON.parse(only().body);

describe('HTTP channels post their shape', () => {
  it('webhook: the event and notice as JSON, signed, with the delivery key and the custom header', async () => {
    const notice = sampleNotice();
    const secret = 'whsec_test_0123456789';
    const channel = { kind: 'webhook', config: { url: `${rx.url}/hook?src=hw`, secret, headerName: 'X-Api-Key', headerValue: 'k-123' } };
    const result = await sendNotice(channel, notice, ctx);
    expect(result).toEqual({ ok: true, status: 200, retryable: false, detail: 'Webhook answered 200' });
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hook?src=hw');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.headers['x-hostwatch-delivery']).toBe(ctx.deliveryId);
    expect(req.headers['x-hostwatch-event']).toBe('firing');
    expect(req.headers['x-api-key']).toBe('k-123');
    expect(req.headers['user-agent']).toMatch(/^Hostwatch\//);
    expect(verifyWebhookSignature({ secret, header: String(req.headers['x-hostwatch-signature']), body: req.body, now: NOW + 5000 })).toEqual({
      ok: true,
      timestamp: Math.floor(NOW / 1000),
    });
    expect(JSON.parse(req.body)).toEqual({
      type: 'alert.firing',
      deliveryId: ctx.deliveryId,
      sentAt: new Date(NOW).toISOString(),
      event: notice.event,
      notice: { title: notice.title, text: notice.text, url: notice.url, fields: notice.fields },
    });
  });

  it('webhook without a secret goes unsigned', async () => {
    await sendNotice({ kind: 'webhook', config: { url: `${rx.url}/hook` } }, sampleNotice(), ctx);
    expect(only().headers['x-hostwatch-signature']).toBeUndefined();
  });

  it('slack: text fallback and blocks', async () => {
    const result = await sendNotice({ kind: 'slack', config: { webhookUrl: `${rx.url}/services/T0/B0/X` } }, sampleNotice(), ctx);
    expect(result.detail).toBe('Slack answered 200');
    const body = json();
    expect(body.text).toBe(sampleNotice().title);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(body.blocks[3].elements[0].url).toBe(sampleNotice().url);
  });

  it('teams: an Adaptive Card attachment; a workflow answers 202', async () => {
    rx.reply({ status: 202 });
    const result = await sendNotice({ kind: 'teams', config: { webhookUrl: `${rx.url}/workflows/abc/triggers/manual/paths/invoke?sig=s` } }, sampleNotice(), ctx);
    expect(result).toEqual({ ok: true, status: 202, retryable: false, detail: 'Teams answered 202' });
    const body = json();
    expect(body.type).toBe('message');
    expect(body.attachments[0].content.body[2]).toEqual({ type: 'FactSet', facts: [{ title: 'Host', value: 'web-1' }, { title: 'Value', value: '93.1 %' }] });
  });

  it('discord: one embed coloured by severity, green when resolved; 204', async () => {
    rx.reply({ status: 204 });
    const config = { webhookUrl: `${rx.url}/api/webhooks/1/tok`, username: 'Hostwatch' };
    expect((await sendNotice({ kind: 'discord', config }, sampleNotice(), ctx)).detail).toBe('Discord answered 204');
    expect(json()).toMatchObject({ username: 'Hostwatch', embeds: [{ title: sampleNotice().title, color: TONE_COLORS.critical, url: sampleNotice().url }], allowed_mentions: { parse: [] } });
    rx.requests.length = 0;
    await sendNotice({ kind: 'discord', config }, sampleNotice({ kind: 'resolved', firingSince: NOW - 60_000 }), ctx);
    expect(json().embeds[0].color).toBe(TONE_COLORS.resolved);
  });

  it('telegram: sendMessage on the bot path, HTML parse mode', async () => {
    rx.reply({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
    const result = await sendNotice({ kind: 'telegram', config: { botToken: TG_TOKEN, chatId: '-1001234567890', apiBase: rx.url } }, sampleNotice(), ctx);
    expect(result.detail).toBe('Telegram answered 200');
    expect(only().path).toBe(`/bot${TG_TOKEN}/sendMessage`);
    expect(json()).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML', disable_notification: false, disable_web_page_preview: true });
    expect(json().text).toContain('<b>[FIRING] web-1: Filesystem / used 93.1 % (above 90 %)</b>');
  });

  it('telegram: the API\'s description is the detail, and the token never is', async () => {
    rx.reply({ status: 400, body: `{"ok":false,"error_code":400,"description":"Bad Request: chat not found (bot${TG_TOKEN})"}` });
    const result = await sendNotice({ kind: 'telegram', config: { botToken: TG_TOKEN, chatId: '@nochat', apiBase: rx.url } }, sampleNotice(), ctx);
    expect(result).toEqual({ ok: false, status: 400, retryable: false, detail: 'Telegram answered 400: Bad Request: chat not found (bot••••)' });
  });

  it('ntfy: JSON to the server root, bearer token, priority by severity, click to the host page', async () => {
    await sendNotice({ kind: 'ntfy', config: { server: rx.url, topic: 'alerts', token: 'tk_secret_value_123' } }, sampleNotice(), ctx);
    const req = only();
    expect(req.path).toBe('/');
    expect(req.headers.authorization).toBe('Bearer tk_secret_value_123');
    expect(JSON.parse(req.body)).toMatchObject({ topic: 'alerts', title: sampleNotice().title, priority: 5, tags: ['rotating_light'], click: sampleNotice().url });
    rx.requests.length = 0;
    await sendNotice({ kind: 'ntfy', config: { server: rx.url, topic: 'alerts', username: 'u', password: 'p', priority: 2 } }, sampleNotice({ severity: 'warning' }), ctx);
    expect(only().headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(json().priority).toBe(2);
  });

  it('gotify: /message with the token in X-Gotify-Key, not the URL', async () => {
    await sendNotice({ kind: 'gotify', config: { server: `${rx.url}/gotify/`, token: 'AzyoeNS.D4iJLVa' } }, sampleNotice({ severity: 'warning' }), ctx);
    const req = only();
    expect(req.path).toBe('/gotify/message');
    expect(req.headers['x-gotify-key']).toBe('AzyoeNS.D4iJLVa');
    expect(JSON.parse(req.body)).toMatchObject({ title: sampleNotice().title, priority: 5, extras: { 'client::notification': { click: { url: sampleNotice().url } } } });
  });

  it('pushover: form-encoded to /1/messages.json', async () => {
    rx.reply({ status: 200, body: '{"status":1,"request":"x"}' });
    const result = await sendNotice({ kind: 'pushover', config: { userKey: PO_USER, appToken: PO_APP, apiBase: rx.url } }, sampleNotice({ kind: 'resolved' }), ctx);
    expect(result.ok).toBe(true);
    const req = only();
    expect(req.path).toBe('/1/messages.json');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    expect(Object.fromEntries(form)).toMatchObject({ token: PO_APP, user: PO_USER, title: sampleNotice().title, priority: '-1', url: sampleNotice().url });
  });

  it('pushover: its errors list is the detail', async () => {
    rx.reply({ status: 400, body: '{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0}' });
    const result = await sendNotice({ kind: 'pushover', config: { userKey: PO_USER, appToken: PO_APP, apiBase: rx.url } }, sampleNotice(), ctx);
    expect(result.detail).toBe('Pushover answered 400: user identifier is not a valid user, group, or subscribed user key');
  });

  it('sendTest sends a notice marked as a test', async () => {
    rx.reply({ status: 204 });
    const result = await sendTest({ kind: 'discord', config: { webhookUrl: `${rx.url}/api/webhooks/1/tok` } }, { ...ctx, url: 'https://hostwatch.example.com/' });
    expect(result).toEqual({ ok: true, status: 204, retryable: false, detail: 'Discord answered 204' });
    expect(json().embeds[0].title).toBe('[TEST] Hostwatch test notification');
  });

  it('a stored config that no longer validates is reported, not sent', async () => {
    const result = await sendNotice({ kind: 'ntfy', config: { topic: 'no spaces allowed', server: rx.url } }, sampleNotice(), ctx);
    expect(result).toEqual({ ok: false, status: null, retryable: false, detail: "ntfy: the channel's settings are invalid: topic must be 1–64 letters, digits, - or _" });
    expect(rx.requests).toHaveLength(0);
  });
});
