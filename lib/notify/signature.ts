import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style. Each request carries
 *
 *     X-Hostwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
 *     X-Hostwatch-Delivery: <idempotency key>
 *
 * where the HMAC is computed with the channel's secret over `<t>.<raw body>`.
 * A receiver verifies like this:
 *
 *  1. Read the raw request body as bytes, before any JSON parsing.
 *  2. Split the header on `,`; take `t` and every `v1` value (more than one
 *     may come one day, while a secret is rotated; accept if any matches).
 *  3. Compute HMAC-SHA256(secret, `${t}.${body}`) as lowercase hex and compare
 *     it with each `v1` in constant time (crypto.timingSafeEqual,
 *     hmac.compare_digest).
 *  4. Refuse if |now − t| is more than 5 minutes: an old request replayed.
 *  5. Drop a delivery whose X-Hostwatch-Delivery was already handled: retries
 *     after a timeout send the same key (and a fresh `t`).
 *
 * `verifyWebhookSignature` below is that procedure, for receivers written in
 * TypeScript and for the tests.
 */

export const SIGNATURE_HEADER = 'X-Hostwatch-Signature';
export const DELIVERY_HEADER = 'X-Hostwatch-Delivery';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

/** The header value for a body sent at `now` (milliseconds). */
export function signatureHeader(secret: string, now: number, body: string): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signPayload(secret, t, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'expired' };

export function verifyWebhookSignature(input: {
  secret: string;
  header: string | null | undefined;
  body: string;
  /** Milliseconds since the epoch. */
  now: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const parts = (input.header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const candidates = parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).map(([, v]) => v);
  if (!t || !/^\d{1,12}$/.test(t) || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(signPayload(input.secret, timestamp, input.body), 'hex');
  const matches = candidates.some((v) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
  if (!matches) return { ok: false, reason: 'mismatch' };
  if (Math.abs(input.now / 1000 - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'expired' };
  return { ok: true, timestamp };
}
