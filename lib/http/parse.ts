import 'server-only';
import type { z } from 'zod';
import { badRequest, HttpError } from '@/lib/http/http-error';
import { readJsonBody } from '@/lib/ingest/read-body';

/**
 * Request input checked against a zod schema, every problem named by field so
 * a client can fix all of them at once: `{path, message}` per issue in
 * `error.details`, and "path message; …" as the error message.
 */

/** Account and admin forms are small; the cap keeps a hostile body from being buffered. */
export const MAX_FORM_BYTES = 16 * 1024;

/** `value`: what was sent there, when it is short text or a number and not a secret, so a form can say which entry is wrong. */
type Issue = { path: string; message: string; value?: string };

/** Fields whose values are never echoed back, whatever their size. */
const SECRET = /password|secret|token|code|key|auth/i;
const MAX_ECHO = 40;

function sentValue(input: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path.some((p) => typeof p === 'string' && SECRET.test(p))) return undefined;
  let at: unknown = input;
  for (const p of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[p];
  }
  if (typeof at === 'number' && Number.isFinite(at)) return String(at);
  if (typeof at !== 'string') return undefined;
  return at.length > MAX_ECHO ? `${at.slice(0, MAX_ECHO)}…` : at;
}

function issuesOf(error: z.ZodError, whole: string, input?: unknown): Issue[] {
  return error.issues.map((i) => {
    const value = i.path.length > 0 ? sentValue(input, i.path) : undefined;
    return { path: i.path.join('.') || whole, message: i.message, ...(value === undefined ? {} : { value }) };
  });
}

const summary = (issues: Issue[]) => issues.map((d) => `${d.path} ${d.message}`).join('; ');

/** A JSON body validated by `schema`, or a 400 naming each bad field (413/415 from the body reader). */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S, maxBytes: number = MAX_FORM_BYTES): Promise<z.output<S>> {
  const body = await readJsonBody(request, maxBytes);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = issuesOf(result.error, '(body)', body);
  throw badRequest('invalid_body', summary(details), details);
}

/** Query-string parameters (the last value of a repeated name), or a 400 naming each bad one. */
export function parseQuery<S extends z.ZodType>(params: URLSearchParams, schema: S): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(params));
  if (result.success) return result.data;
  const details = issuesOf(result.error, '(query)');
  throw badRequest('invalid_parameter', summary(details), details);
}

/** Path segments: one that does not fit names no resource, so it is a 404, not a 400. */
export function parseParams<S extends z.ZodType>(params: Record<string, unknown>, schema: S): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const details = issuesOf(result.error, '(path)');
  throw new HttpError(404, 'not_found', summary(details), details);
}
