/**
 * A refusal that is HTTP by nature: credentials (401/403 with WWW-Authenticate),
 * rate limits (429 with Retry-After), request bodies that cannot be read or
 * parsed (400/413/415). What went wrong in the product's own terms (no such
 * host, an expired link) is a domain error instead (lib/errors.ts). Both become
 * `{error:{code,message,details?}}` answers in lib/http/error-response.ts, so
 * route handlers never pick status codes themselves.
 */
const BRAND = Symbol.for('hostwatch.HttpError');

export class HttpError extends Error {
  readonly [BRAND] = true;
  /** Next may bundle this module once per route; a brand instead of the prototype chain keeps instanceof true across copies. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
export const payloadTooLarge = (message: string) => new HttpError(413, 'payload_too_large', message);
export const unsupportedMediaType = (message: string) => new HttpError(415, 'unsupported_media_type', message);

export function tooManyRequests(retryAfterSeconds: number, message = 'Too many requests; slow down.'): HttpError {
  return new HttpError(429, 'rate_limited', message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

/** Missing or invalid credentials (401) or valid ones that may not do this (403). */
export class AuthError extends HttpError {
  constructor(status: 401 | 403, code: string, message: string) {
    super(status, code, message, undefined, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    this.name = 'AuthError';
  }
}
