import 'server-only';
import { config } from '@/lib/config';
import { clientAddress } from '@/lib/auth/client-address';
import { errorResponse } from '@/lib/http/handle';
import type { ShareRequest } from './access';

/**
 * Every share-scoped answer, success or error: not indexed, never cached,
 * and no Referer leaving the page (the URL holds the token).
 */
export const SHARE_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cache-Control': 'no-store',
};

export function shareRequest(request: Request, token: string): ShareRequest {
  return { token, address: clientAddress(request.headers), perMinute: config().rateLimits.sharePerMinute };
}

export async function respondShared(work: () => Promise<unknown>): Promise<Response> {
  let response: Response;
  try {
    response = Response.json(await work());
  } catch (err) {
    response = errorResponse(err);
  }
  for (const [name, value] of Object.entries(SHARE_HEADERS)) response.headers.set(name, value);
  return response;
}
