import 'server-only';
import { jsonError, storeUnavailable } from '@/lib/http/errors';
import { HttpError } from '@/lib/http/http-error';
import { StoreUnavailableError } from '@/lib/store/errors';

/**
 * The one place typed errors become HTTP statuses, so every route handler is
 * "parse, call one lib function, respond": HttpError → its status and code,
 * StoreUnavailableError → 503 with Retry-After. Anything else is a bug: it is
 * logged (message and stack, never request headers) and answered with a JSON 500.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return jsonError(err.status, err.code, err.message, { details: err.details, headers: err.headers });
  }
  if (err instanceof StoreUnavailableError) return storeUnavailable(err);
  console.error('unhandled error in an API route:', err);
  return jsonError(500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Runs a handler's work and answers with its JSON value (200) or the mapped error. */
export async function respond(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
