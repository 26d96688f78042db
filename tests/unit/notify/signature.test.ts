import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, signPayload, verifyWebhookSignature } from '@/lib/notify/signature';

const SECRET = 'whsec_0123456789abcdef';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const BODY = JSON.stringify({ type: 'alert.firing', deliveryId: 'd1', event: { hostName: 'web-1' } });

describe('webhook signatures', () => {
  it('round-trips: what the sender signs, the receiver verifies', () => {
    const header = signatureHeader(SECRET, NOW, BODY);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, now: NOW + 30_000 })).toEqual({ ok: true, timestamp: Math.floor(NOW / 1000) });
  });

  it('is HMAC-SHA256 over "<t>.<body>", reproducible with plain crypto (as a receiver in any language would)', () => {
    const t = Math.floor(NOW / 1000);
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, NOW, BODY)).toBe(`t=${t},v1=${expected}`);
    expect(signPayload(SECRET, t, BODY)).toBe(expected);
  });

  it('refuses a changed body, another secret, a changed timestamp and an old request', () => {
    const header = signatureHeader(SECRET, NOW, BODY);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY.replace('web-1', 'web-2'), now: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: 'another-secret-value', header, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    const shifted = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`);
    expect(verifyWebhookSignature({ secret: SECRET, header: shifted, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, now: NOW + 301_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, now: NOW + 301_000, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it('accepts any of several v1 values (a secret being rotated) and refuses malformed headers', () => {
    const good = signatureHeader(SECRET, NOW, BODY).split(',')[1];
    const t = Math.floor(NOW / 1000);
    expect(verifyWebhookSignature({ secret: SECRET, header: `t=${t},v1=${'0'.repeat(64)},${good}`, body: BODY, now: NOW }).ok).toBe(true);
    for (const header of [null, '', 'v1=abc', `t=${t}`, `t=${t},v1=xyz`, `t=soon,${good}`]) {
      expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
