import 'server-only';
import { config } from '@/lib/config';
import { clientAddress } from '@/lib/auth/client-address';
import type { ShareRequest } from './access';

/**
 * Every share-scoped answer, success or error: not indexed, never cached,
 * and no Referer leaving the page (the URL holds the token). lib/http/route.ts
 * sets them on every `auth: 'share'` answer.
 */
export const SHARE_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cache-Control': 'no-store',
};

export function shareRequest(request: Request, token: string): ShareRequest {
  return { token, address: clientAddress(request.headers), perMinute: config().rateLimits.sharePerMinute };
}
