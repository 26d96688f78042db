import 'server-only';
import { DomainError, type DomainErrorKind } from '@/lib/errors';
import { jsonError, storeUnavailable } from '@/lib/http/errors';
import { HttpError } from '@/lib/http/http-error';
import { StoreUnavailableError } from '@/lib/store/errors';

/** The only place a domain error's kind becomes a status number. */
const STATUS_OF: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, gone: 410, conflict: 409, forbidden: 403 };

/**
 * The one mapping from thrown errors to API answers, used by every route
 * through lib/http/route.ts: domain errors (lib/errors.ts) → the status of
 * their kind, HttpError (credentials, rate limits, bad input) → its status,
 * code and headers, StoreUnavailableError → 503 with Retry-After. Anything
 * else is a bug: it is logged (message and stack, never the request, whose
 * headers hold cookies and tokens) and answered with a JSON 500.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof DomainError) return jsonError(STATUS_OF[err.kind], err.code, err.message, { details: err.details });
  if (err instanceof HttpError) return jsonError(err.status, err.code, err.message, { details: err.details, headers: err.headers });
  if (err instanceof StoreUnavailableError) return storeUnavailable(err);
  console.error('unhandled error in an API route:', err);
  return jsonError(500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}
