import 'server-only';
import { NextResponse } from 'next/server';
import { StoreUnavailableError } from '@/lib/store/errors';

/** Every API error has one shape: `{error: {code, message, details?}}`. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  init: { details?: unknown; headers?: Record<string, string> } = {},
): NextResponse {
  return NextResponse.json(
    { error: { code, message, ...(init.details === undefined ? {} : { details: init.details }) } },
    { status, headers: { 'Cache-Control': 'no-store', ...init.headers } },
  );
}

/** A store outage is a 503 with Retry-After, never a 500. */
export function storeUnavailable(err: StoreUnavailableError): NextResponse {
  return jsonError(503, 'store_unavailable', 'The data store is not answering; try again shortly.', {
    headers: { 'Retry-After': String(err.retryAfterSeconds) },
  });
}
