import type { AlertEvent } from './schemas';

/**
 * What a notification says, rendered once from an event (lib/alerts/messages.ts)
 * and then shaped by each channel (lib/notify/channels): Slack blocks, an
 * email, a Telegram message. Plain words a person reads at 3 am.
 */
export interface Notice {
  /** e.g. `[FIRING] web-1: Filesystem / used 93.1 % (above 90 %)`. */
  title: string;
  /** A few plain lines: what, since when, value and threshold with units, how long it lasted when resolved. */
  text: string;
  /** The host page at the alert's time range. */
  url: string;
  /** The same facts as label/value pairs, for channels with fields (Slack, Discord, Teams). */
  fields: { label: string; value: string }[];
  event: AlertEvent;
}
