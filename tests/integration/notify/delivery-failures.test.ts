import { lookup } from 'node:dns/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { policyFromSetting, sendNotice, STRICT_POLICY } from '@/lib/notify';
import { DeliveryFailure } from '@/lib/notify/failure';
import { MAX_BODY_BYTES, safeFetch } from '@/lib/notify/safe-fetch';
import { NOW, sampleNotice } from './notice';
import { closedPort, startReceiver, type Receiver } from './receiver';

/**
 * What a delivery reports when the receiver refuses, stalls, redirects or
 * talks too much, and which targets are never reached at all. The receiver
 * is real; the address policy is the one the operator setting builds.
 */

const loopback = policyFromSetting(['127.0.0.1/32']);
const ctx = { deliveryId: 'd-1', now: NOW, policy: loopback };
const SLACK_TOKEN_PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.requests.length = 0;
});

const webhook = (path = '/hook') => ({ kind: 'webhook', config: { url: `${rx.url}${path}` } });

describe('receiver answers', () => {
  it('500 is a retryable failure naming the status and what the receiver said', async () => {
    rx.reply({ status: 500, body: 'database is down' });
    expect(await sendNotice(webhook(), sampleNotice(), ctx)).toEqual({ ok: false, status: 500, retryable: true, detail: 'Webhook answered 500: database is down' });
  });

  it('429 is retryable, 400 and 404 are not', async () => {
    rx.reply({ status: 429, body: 'slow down' });
    expect(await sendNotice(webhook(), sampleNotice(), ctx)).toMatchObject({ ok: false, status: 429, retryable: true });
    rx.reply({ status: 400, body: 'invalid_payload' });
    expect(await sendNotice(webhook(), sampleNotice(), ctx)).toEqual({ ok: false, status: 400, retryable: false, detail: 'Webhook answered 400: invalid_payload' });
    rx.reply({ status: 404, body: 'no_service' });
    expect(await sendNotice(webhook(), sampleNotice(), ctx)).toMatchObject({ ok: false, status: 404, retryable: false });
  });

  it('a failed Slack post never echoes its URL, even when the receiver does', async () => {
    rx.reply((req) => ({ status: 404, body: `no_service: ${req.path} (see http://127.0.0.1${req.path})` }));
    const result = await sendNotice({ kind: 'slack', config: { webhookUrl: `${rx.url}${SLACK_TOKEN_PATH}` } }, sampleNotice(), ctx);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^Slack answered 404: no_service: /);
    expect(result.detail).not.toMatch(/XXXXXXXX|B00000000|T00000000/);
  });

  it('a redirect is not followed; the failure names where it pointed', async () => {
    rx.reply({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/iam' } });
    const result = await sendNotice(webhook(), sampleNotice(), ctx);
    expect(result).toEqual({
      ok: false,
      status: 302,
      retryable: false,
      detail: 'Webhook answered 302, a redirect to 169.254.169.254; redirects are not followed (use the final URL)',
    });
    expect(rx.requests).toHaveLength(1);
    rx.reply({ status: 308, headers: { location: '/elsewhere?token=abc' } });
    expect((await sendNotice(webhook(), sampleNotice(), ctx)).detail).toBe(`Webhook answered 308, a redirect to 127.0.0.1:${rx.port}; redirects are not followed (use the final URL)`);
  });

  it('a receiver that never answers times out (deadline injected), retryable', async () => {
    rx.reply('hang');
    const result = await sendNotice(webhook(), sampleNotice(), { ...ctx, timeoutMs: 150 });
    expect(result).toEqual({ ok: false, status: null, retryable: true, detail: `Webhook: timed out after 150 ms waiting for 127.0.0.1:${rx.port}` });
    expect(rx.requests).toHaveLength(1);
  });

  it('reads at most 64 KB of an answer, and the detail stays within 300 characters', async () => {
    rx.reply({ status: 200, body: Buffer.alloc(1024 * 1024, 'a') });
    const res = await safeFetch({ url: `${rx.url}/big`, policy: loopback, timeoutMs: 5000 });
    expect(res.status).toBe(200);
    expect(res.truncated).toBe(true);
    expect(Buffer.byteLength(res.body)).toBe(MAX_BODY_BYTES);
    rx.reply({ status: 500, body: Buffer.alloc(1024 * 1024, 'b') });
    const result = await sendNotice(webhook(), sampleNotice(), ctx);
    expect(result).toMatchObject({ ok: false, status: 500, retryable: true });
    expect(result.detail.length).toBeLessThanOrEqual(300);
    expect(result.detail).toMatch(/^Webhook answered 500: b+…$/);
  });

  it('a closed port is a retryable network failure', async () => {
    const port = await closedPort();
    const result = await sendNotice({ kind: 'webhook', config: { url: `http://127.0.0.1:${port}/` } }, sampleNotice(), ctx);
    expect(result).toEqual({ ok: false, status: null, retryable: true, detail: `Webhook: connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});

describe('targets that are never reached', () => {
  it('loopback is refused when the operator has not allowed it, and nothing connects', async () => {
    rx.reply({ status: 200 });
    const result = await sendNotice(webhook(), sampleNotice(), { ...ctx, policy: STRICT_POLICY });
    expect(result).toEqual({
      ok: false,
      status: null,
      retryable: false,
      detail: 'Webhook: refused: 127.0.0.1 is a loopback address (HOSTWATCH_ALERTS_ALLOW_PRIVATE can allow it)',
    });
    expect(rx.requests).toHaveLength(0);
  });

  it('a name is judged by what it resolves to', async () => {
    const result = await sendNotice({ kind: 'webhook', config: { url: `http://localhost:${rx.port}/hook` } }, sampleNotice(), { ...ctx, policy: STRICT_POLICY });
    expect(result.detail).toMatch(/^Webhook: refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(HOSTWATCH_ALERTS_ALLOW_PRIVATE can allow it\)$/);
    expect(rx.requests).toHaveLength(0);
  });

  it('a name is connected to at the checked address, with its own Host header', async () => {
    const addresses = await lookup('localhost', { all: true });
    const policy = policyFromSetting(['127.0.0.0/8', '::1/128']);
    rx.reply({ status: 200 });
    const result = await sendNotice({ kind: 'webhook', config: { url: `http://localhost:${rx.port}/hook` } }, sampleNotice(), { ...ctx, policy });
    // The receiver listens on 127.0.0.1 only; the IPv4 address is chosen when the name has one.
    expect(addresses.some((a) => a.family === 4)).toBe(true);
    expect(result.ok).toBe(true);
    expect(rx.requests[0].headers.host).toBe(`localhost:${rx.port}`);
  });

  it('metadata and link-local addresses are refused even when every private range is allowed', async () => {
    const everything = policyFromSetting(['*', '169.254.0.0/16']);
    const targets: [string, RegExp][] = [
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a cloud metadata address, never allowed/],
      ['http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata name, never allowed/],
      ['http://[fd00:ec2::254]/', /fd00:ec2::254 is a cloud metadata address/],
      ['http://169.254.1.1/', /169\.254\.1\.1 is a link-local address, never allowed/],
      ['http://[fe80::1]/', /fe80::1 is a link-local address, never allowed/],
      ['http://[::ffff:169.254.169.254]/', /::ffff:a9fe:a9fe is a cloud metadata address/],
      ['http://0.0.0.0/', /0\.0\.0\.0 is an unspecified address, never allowed/],
    ];
    for (const [url, reason] of targets) {
      const result = await sendNotice({ kind: 'webhook', config: { url } }, sampleNotice(), { ...ctx, policy: everything });
      expect(result.ok, url).toBe(false);
      expect(result.retryable, url).toBe(false);
      expect(result.detail, url).toMatch(reason);
    }
  });

  it('a name that does not resolve is not retried forever', async () => {
    const err = (await safeFetch({ url: 'http://no-such-host.invalid/', policy: STRICT_POLICY, timeoutMs: 3000 }).catch((e: unknown) => e)) as DeliveryFailure;
    expect(err).toBeInstanceOf(DeliveryFailure);
    expect(err.message).toBe('DNS: no-such-host.invalid does not resolve');
    expect(err.retryable).toBe(false);
  });
});
