import 'server-only';
import type { z } from 'zod';
import type { Notice } from '@/lib/alerts/notice';
import type { AddressPolicy } from './policy';

/** What a receiver said about one delivery, for the channel's delivery log and the "send test" button. */
export interface SendResult {
  ok: boolean;
  /** HTTP status or SMTP reply code; null when nothing answered. */
  status: number | null;
  /** ≤ 300 characters, never a secret: "Discord answered 204", "SMTP: connect ECONNREFUSED 127.0.0.1:2525". */
  detail: string;
  /** Worth trying again later: 5xx, 429, network errors and timeouts. */
  retryable: boolean;
}

/** What the caller (the delivery worker, the test button) passes with each send. */
export interface SendContext {
  /** The idempotency key: sent as X-Hostwatch-Delivery, so a receiver can drop a retried duplicate. */
  deliveryId: string;
  /** Milliseconds since the epoch; the webhook signature's timestamp comes from it. */
  now: number;
  /** The whole attempt's deadline (default 5 s; mail gets 10 s). */
  timeoutMs?: number;
  /** Which addresses may be reached (default: HOSTWATCH_ALERTS_ALLOW_PRIVATE). */
  policy?: AddressPolicy;
}

/** A channel's send gets every default resolved. */
export interface ChannelContext {
  deliveryId: string;
  now: number;
  timeoutMs: number;
  policy: AddressPolicy;
}

/** A Shoutrrr URL read into a config of this kind; `ignored` lists URL options Hostwatch has no use for. */
export interface ShoutrrrConfig {
  config: Record<string, string | number | boolean>;
  ignored: string[];
}

/**
 * One kind of channel: its form (the zod schema, from which the config type is
 * inferred), which fields are secret (write-only through the API, masked when
 * shown, scrubbed from every detail), the Shoutrrr URLs it reads, and how it
 * sends.
 */
export interface ChannelDefinition<S extends z.ZodObject = z.ZodObject> {
  kind: string;
  /** The name people know it by: "Slack", "Email (SMTP)". */
  label: string;
  config: S;
  secrets: readonly (keyof z.infer<S> & string)[];
  /** The default deadline of one attempt, when the caller gives none (5 s when absent). */
  timeoutMs?: number;
  shoutrrr: {
    schemes: readonly string[];
    /** Throws ShoutrrrError naming what is wrong with the URL. */
    parse(url: URL): ShoutrrrConfig;
  };
  // Method syntax on purpose: the registry holds every kind as ChannelDefinition, which needs its config parameter bivariant.
  send(notice: Notice, config: z.infer<S>, ctx: ChannelContext): Promise<SendResult>;
}

export function defineChannel<S extends z.ZodObject>(definition: ChannelDefinition<S>): ChannelDefinition<S> {
  return definition;
}
