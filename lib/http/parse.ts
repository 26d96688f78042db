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

type Issue = { path: string; message: string };

function issuesOf(error: z.ZodError, whole: string): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || whole, message: i.message }));
}

const summary = (issues: Issue[]) => issues.map((d) => `${d.path} ${d.message}`).join('; ');

/** A JSON body validated by `schema`, or a 400 naming each bad field (413/415 from the body reader). */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S, maxBytes: number = MAX_FORM_BYTES): Promise<z.output<S>> {
  const result = schema.safeParse(await readJsonBody(request, maxBytes));
  if (result.success) return result.data;
  const details = issuesOf(result.error, '(body)');
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
