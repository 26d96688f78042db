import 'server-only';
import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { jsonError } from '@/lib/http/errors';
import { authOptions, RATE_LIMITED_ERROR, STORE_UNAVAILABLE_ERROR } from './options';

/**
 * next-auth's route handler, with the two sign-in failures that are not "wrong
 * password" turned into real HTTP answers: too many attempts → 429 with
 * Retry-After, store down → 503 with Retry-After. next-auth itself can only
 * answer them as 401 with `error=<message>` in a redirect URL.
 */
type Context = { params: Promise<{ nextauth: string[] }> };

function errorCodeOf(response: Response, body: { url?: string } | null): string | null {
  const target = body?.url ?? response.headers.get('location');
  if (!target) return null;
  try {
    return new URL(target, 'http://x').searchParams.get('error');
  } catch {
    return null;
  }
}

export function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export async function nextAuthHandler(request: NextRequest, context: Context): Promise<Response> {
  const response: Response = await NextAuth(authOptions())(request, context);
  const isCallback = request.method === 'POST' && request.nextUrl.pathname.endsWith('/callback/credentials');
  if (!isCallback || response.status < 300) return response;
  const body = response.headers.get('content-type')?.includes('application/json')
    ? ((await response.clone().json().catch(() => null)) as { url?: string } | null)
    : null;
  const [code, seconds] = (errorCodeOf(response, body) ?? '').split(':');
  const retryAfter = String(Math.max(1, Number(seconds) || 1));
  if (code === RATE_LIMITED_ERROR) {
    return jsonError(429, 'rate_limited', `Too many sign-in attempts; try again in ${minutes(Number(retryAfter))}.`, {
      headers: { 'Retry-After': retryAfter },
    });
  }
  if (code === STORE_UNAVAILABLE_ERROR) {
    return jsonError(503, 'store_unavailable', 'The data store is not answering; try again shortly.', { headers: { 'Retry-After': retryAfter } });
  }
  return response;
}
