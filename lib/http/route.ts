import 'server-only';
import type { z } from 'zod';
import { authorizeAdmin, authorizeRead, type Principal } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { errorResponse } from '@/lib/http/error-response';
import { MAX_FORM_BYTES, parseJson, parseParams, parseQuery } from '@/lib/http/parse';
import type { ShareRequest } from '@/lib/shares/access';
import { SHARE_HEADERS, shareRequest } from '@/lib/shares/http';
import { getStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';

/**
 * The one way an API route is written: declare who may call it and what
 * input it takes, and give one handler that calls one lib function. The
 * wrapper does the rest in a fixed order, so every route refuses the same way:
 *
 *   1. credentials (lib/auth/authorize.ts stays the only place they are checked),
 *   2. path segments (a misfit is a 404), query string, then JSON body (400s naming each field),
 *   3. the handler; its value is the JSON answer with `status` (204: no body), or a Response it built,
 *   4. any throw → lib/http/error-response.ts, the one error mapping.
 *
 * Every answer is `Cache-Control: no-store`; share routes add SHARE_HEADERS
 * to successes and errors alike, since both carry the token in their URL.
 */

/**
 * Who may call:
 * - `public`: anyone (health, setup);
 * - `viewer` / `admin`: a session or an API token with that role or scope;
 * - `session`: a signed-in person, never an API token (managing one's own credentials);
 * - `admin-session`: a signed-in admin, never an API token (managing users): a
 *   leaked admin token must not be able to make an account that outlives it;
 * - `share`: the `[token]` path segment of a share link; the lib function opens
 *   the link itself, after the per-address rate limit (lib/shares/access.ts);
 * - `host`: a collector's host token, checked by the ingest function itself,
 *   because its order (token, rate limit, then body) is the hot path.
 */
export type RouteAuth = 'public' | 'viewer' | 'admin' | 'session' | 'admin-session' | 'share' | 'host';

export interface RouteSpec {
  auth: RouteAuth;
  /** Path segments; a failure is a 404, so an unknown `[name]` reads as no such endpoint. */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body cap in bytes; account and admin forms are small. */
  maxBodyBytes?: number;
  /** The success status: 201 for a create, 204 for an answer without a body. */
  status?: 200 | 201 | 204;
  /** A user who must enrol in two-factor first (lib/auth/two-factor-policy.ts) may call it: the enrolment endpoints and "who am I". */
  duringEnrolment?: boolean;
}

type Parsed<S, K extends string, Fallback> = S extends { [P in K]: infer T extends z.ZodType } ? z.output<T> : Fallback;

type PrincipalOf<A extends RouteAuth> = A extends 'viewer' | 'admin'
  ? Principal
  : A extends 'session' | 'admin-session'
    ? Extract<Principal, { kind: 'session' }>
    : undefined;

export interface RouteContext<S extends RouteSpec> {
  request: Request;
  url: URL;
  store: Store;
  /** One clock reading per request, so every part of the answer agrees on "now". */
  now: number;
  principal: PrincipalOf<S['auth']>;
  /** The share link's token and the caller's address, for `auth: 'share'`. */
  share: S['auth'] extends 'share' ? ShareRequest : undefined;
  params: Parsed<S, 'params', Record<string, string>>;
  query: Parsed<S, 'query', undefined>;
  body: Parsed<S, 'body', undefined>;
}

/** What Next passes a route handler next to the request; static routes get empty params. */
export interface NextRouteContext {
  params: Promise<Record<string, string | string[]>>;
}

async function authenticate(spec: RouteSpec, request: Request, store: Store, now: number): Promise<Principal | undefined> {
  const options = { duringEnrolment: spec.duringEnrolment };
  switch (spec.auth) {
    case 'viewer':
      return authorizeRead(request, store, now, options);
    case 'admin':
      return authorizeAdmin(request, store, now, options);
    case 'session':
    case 'admin-session': {
      const principal = await (spec.auth === 'session' ? authorizeRead : authorizeAdmin)(request, store, now, options);
      requireSession(principal);
      return principal;
    }
    default:
      return undefined;
  }
}

function succeed(status: 200 | 201 | 204, value: unknown): Response {
  // A handler that answers in another format than JSON (the Prometheus exposition) returns its Response.
  if (value instanceof Response) {
    value.headers.set('Cache-Control', 'no-store');
    return value;
  }
  const headers = { 'Cache-Control': 'no-store' };
  return status === 204 ? new Response(null, { status, headers }) : Response.json(value, { status, headers });
}

export function route<const S extends RouteSpec>(spec: S, handler: (ctx: RouteContext<S>) => unknown) {
  return async function handle(request: Request, context?: NextRouteContext): Promise<Response> {
    let response: Response;
    try {
      const store = getStore();
      const now = Date.now();
      const rawParams = (await context?.params) ?? {};
      const principal = await authenticate(spec, request, store, now);
      const params = spec.params ? parseParams(rawParams, spec.params) : rawParams;
      const url = new URL(request.url);
      const query = spec.query ? parseQuery(url.searchParams, spec.query) : undefined;
      const body = spec.body ? await parseJson(request, spec.body, spec.maxBodyBytes ?? MAX_FORM_BYTES) : undefined;
      const share = spec.auth === 'share' ? shareRequest(request, String(rawParams.token ?? '')) : undefined;
      const ctx = { request, url, store, now, principal, share, params, query, body } as RouteContext<S>;
      response = succeed(spec.status ?? 200, await handler(ctx));
    } catch (err) {
      response = errorResponse(err);
    }
    if (spec.auth === 'share') for (const [name, value] of Object.entries(SHARE_HEADERS)) response.headers.set(name, value);
    return response;
  };
}
