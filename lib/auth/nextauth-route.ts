import 'server-only';
import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { jsonError, storeUnavailable } from '@/lib/http/errors';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import { hashQueueFull } from './hash-gate';
import { authOptions, BUSY_ERROR, RATE_LIMITED_ERROR, STORE_UNAVAILABLE_ERROR } from './options';
import { deviceCookieName } from './device-cookie';
import { sessionCookieName } from './secret';
import { cookiesOf, sessionToken, userOfToken } from './session';
import { endAllSessions } from './session-version';
import { passwordEndpointRefused } from './sso-callbacks';
import { REFUSALS } from './sso-policy';

/**
 * next-auth's route handler, with what next-auth v4 cannot do for JWT sessions:
 *
 * - sign-in failures that are not "wrong password" become real HTTP answers:
 *   too many attempts or a full hash queue → 429 with Retry-After, store down →
 *   503 with Retry-After (next-auth can only say 401 with `error=` in a URL);
 * - sign-out ends the session on the server too (session-version.ts), so a
 *   copy of the cookie is worthless afterwards; if the store cannot record
 *   that, the answer is 503 and the cookie stays, rather than a sign-out that
 *   only looks done;
 * - `/api/auth/session` answers from the store (the user's role and name now,
 *   `{}` for an ended session, whose cookie it clears) and never re-issues
 *   the cookie: a session lasts 30 days from sign-in, not from its last use.
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

function seconds(n: number): string {
  return n < 60 ? `${n} second${n === 1 ? '' : 's'}` : minutes(n);
}

const LIMIT_MESSAGES: Record<string, (retryAfter: number) => string> = {
  address: (s) => `Too many sign-in attempts from your network; try again in ${minutes(s)}.`,
  account: (s) => `This account had many failed sign-ins, so it takes one attempt at a time; try again in ${seconds(s)}.`,
};

async function callbackAnswer(response: Response): Promise<Response> {
  if (response.status < 300) return response;
  const body = response.headers.get('content-type')?.includes('application/json')
    ? ((await response.clone().json().catch(() => null)) as { url?: string } | null)
    : null;
  const [code, rawSeconds, reason] = (errorCodeOf(response, body) ?? '').split(':');
  const retryAfter = Math.max(1, Math.floor(Number(rawSeconds)) || 1);
  const headers = { 'Retry-After': String(retryAfter) };
  if (code === RATE_LIMITED_ERROR) {
    const message = (LIMIT_MESSAGES[reason ?? ''] ?? ((s: number) => `Too many sign-in attempts; try again in ${minutes(s)}.`))(retryAfter);
    return jsonError(429, 'rate_limited', message, { headers });
  }
  if (code === BUSY_ERROR) {
    return jsonError(429, 'password_check_busy', 'The server is busy checking other sign-ins; try again in a moment.', { headers });
  }
  if (code === STORE_UNAVAILABLE_ERROR) {
    return jsonError(503, 'store_unavailable', 'The data store is not answering; try again shortly.', { headers });
  }
  return response;
}

/** Set-Cookie lines that remove the session cookie (and its chunks, should next-auth ever have split it). */
function clearSessionCookies(request: Request): string[] {
  const name = sessionCookieName();
  const secure = name.startsWith('__Secure-') ? '; Secure' : '';
  return Object.keys(cookiesOf(request))
    .filter((c) => c === name || c.startsWith(`${name}.`))
    .map((c) => `${c}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
}

async function sessionAnswer(request: Request): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  const token = await sessionToken(cookiesOf(request));
  if (!token) return Response.json({}, { headers });
  const user = await userOfToken(token, getStore());
  if (!user) {
    const res = Response.json({}, { headers });
    for (const line of clearSessionCookies(request)) res.headers.append('Set-Cookie', line);
    return res;
  }
  const expires = typeof token.exp === 'number' ? new Date(token.exp * 1000).toISOString() : null;
  return Response.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role }, expires }, { headers });
}

/** Whether next-auth's sign-out answer removes the session cookie: it does only after the CSRF token checked out. */
function signOutDone(response: Response): boolean {
  const name = sessionCookieName();
  return response.headers.getSetCookie().some((line) => line.startsWith(`${name}=`) && /max-age=0|expires=thu, 01 jan 1970/i.test(line));
}

async function signOutAnswer(request: NextRequest, context: Context): Promise<Response> {
  const store = getStore();
  // Only a session that is still valid is ended: an old copied cookie must not sign its owner out everywhere.
  const user = await userOfToken(await sessionToken(cookiesOf(request)), store);
  const response: Response = await NextAuth(authOptions())(request, context);
  if (user && signOutDone(response)) await endAllSessions(store, user.id);
  return response;
}

const busyAnswer = () =>
  jsonError(429, 'password_check_busy', 'The server is busy checking other sign-ins; try again in a moment.', { headers: { 'Retry-After': '1' } });

/**
 * A sign-in that would only be refused for a full hash queue is refused here, before next-auth reads the body
 * and checks its CSRF token: under a flood that is most of them, and each should cost next to nothing. A
 * request with a device cookie goes on, since a known device waits its turn instead (sign-in.ts).
 */
function refusedUnheard(request: NextRequest, action: string | undefined): boolean {
  if (request.method !== 'POST' || action !== 'callback' || !hashQueueFull()) return false;
  const secure = sessionCookieName().startsWith('__Secure-');
  return !request.cookies.has(deviceCookieName(secure));
}

export async function nextAuthHandler(request: NextRequest, context: Context): Promise<Response> {
  const [action, providerId] = (await context.params).nextauth ?? [];
  if (passwordEndpointRefused(action, providerId)) return jsonError(403, 'password_login_off', REFUSALS.password_off);
  if (refusedUnheard(request, action)) return busyAnswer();
  try {
    if (action === 'session') return await sessionAnswer(request);
    if (action === 'signout' && request.method === 'POST') return await signOutAnswer(request, context);
    const response: Response = await NextAuth(authOptions())(request, context);
    const isCallback = request.method === 'POST' && action === 'callback';
    return isCallback ? await callbackAnswer(response) : response;
  } catch (err) {
    if (err instanceof StoreUnavailableError) return storeUnavailable(err);
    throw err;
  }
}
