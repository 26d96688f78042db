import type { ShareRecord } from '@/lib/store/types';

/**
 * Pure rules of share links: the expiry and history choices an admin picks
 * from, when a link has expired, and the window a viewer may read. No I/O
 * and no server-only imports: the dialog on the host page uses the same
 * choices, and every rule has a unit test.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long a new link works; `never` is null (until revoked). */
export const EXPIRY_CHOICES = { '1h': HOUR, '1d': DAY, '7d': 7 * DAY, '30d': 30 * DAY, never: null } as const;
export type ExpiryChoice = keyof typeof EXPIRY_CHOICES;
export const EXPIRY_KEYS = Object.keys(EXPIRY_CHOICES) as ExpiryChoice[];

/** The longest history a viewer may see, ending now. */
export const RANGE_CHOICES = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const;
export type RangeChoice = keyof typeof RANGE_CHOICES;
export const RANGE_KEYS = Object.keys(RANGE_CHOICES) as RangeChoice[];

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = { '1h': '1 hour', '1d': '1 day', '7d': '7 days', '30d': '30 days', never: 'Never' };
export const RANGE_LABELS: Record<RangeChoice, string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

/** The public path of a link; the token is its only secret. */
export const SHARE_PATH_PREFIX = '/share/';
/** `hws_` and 160 random bits in base64url: anything else cannot be a link we made, and is refused without a store lookup. */
export const SHARE_TOKEN_PATTERN = /^hws_[A-Za-z0-9_-]{27}$/;

export function expiresAtFor(choice: ExpiryChoice, now: number): number | null {
  const ms = EXPIRY_CHOICES[choice];
  return ms === null ? null : now + ms;
}

export function isShareExpired(share: Pick<ShareRecord, 'expiresAt'>, now: number): boolean {
  return share.expiresAt !== null && share.expiresAt <= now;
}

export function isShareToken(value: string): boolean {
  return SHARE_TOKEN_PATTERN.test(value);
}

export interface Window {
  from: number;
  to: number;
}

/**
 * The part of [from, to] a viewer may read: never older than `now − maxRangeMs`,
 * never later than now. A window wholly outside collapses to the nearest
 * edge (an empty answer), so asking for `from=0` cannot reach old history.
 */
export function clampWindow(requested: Window, maxRangeMs: number, now: number): Window {
  const earliest = now - maxRangeMs;
  const clamp = (t: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, t));
  const to = clamp(requested.to, earliest, now);
  const from = clamp(requested.from, earliest, to);
  return { from, to };
}

/** A single instant (the process snapshot time) inside the allowed window. */
export function clampInstant(at: number, maxRangeMs: number, now: number): number {
  return Math.min(now, Math.max(now - maxRangeMs, at));
}

