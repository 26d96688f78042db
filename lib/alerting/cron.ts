import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { config } from '@/lib/config';
import { AuthError } from '@/lib/http/http-error';
import type { Store } from '@/lib/store/types';
import { dashboardUrl } from './kick';
import { runAlertRound } from './scheduler';

/**
 * The serverless tick: Vercel's cron calls it with `Authorization: Bearer
 * $CRON_SECRET`. Idempotent: a second call right after the first finds the
 * transitions already committed and the deliveries already sent.
 */
export async function cronRound(request: Request, store: Store, now: number) {
  const secret = config().alerts.cronSecret;
  if (!secret) throw new AuthError(403, 'cron_disabled', 'Set CRON_SECRET to enable the alerts cron route.');
  const given = request.headers.get('authorization')?.match(/^Bearer (.+)$/)?.[1] ?? '';
  // Compared as digests: equal length, constant time, and nothing learned from the length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!timingSafeEqual(digest(given), digest(secret))) throw new AuthError(401, 'invalid_cron_secret', 'The cron secret is missing or wrong.');
  return runAlertRound(store, 'cron', now, { tickMs: config().alerts.tickMs, baseUrl: dashboardUrl() });
}
