import 'server-only';
import type { z } from 'zod';
import { errorResponse } from '@/lib/http/handle';
import { badRequest } from '@/lib/http/http-error';
import { readJsonBody } from '@/lib/ingest/read-body';
import type { Principal } from '@/lib/auth/authorize';
import type { TokenOwner } from './api-tokens';

/** Request plumbing shared by the account, host-admin and token routes. */

const MAX_FORM_BYTES = 16 * 1024;

/** A JSON body validated by `schema`, or a 400 naming each bad field. */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readJsonBody(request, MAX_FORM_BYTES));
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw badRequest('invalid_body', details.map((d) => `${d.path} ${d.message}`).join('; '), details);
}

/** Runs the work and answers with `status` and its JSON (or no body for 204), or the mapped error. */
export async function respondWith(status: 200 | 201 | 204, work: () => Promise<unknown>): Promise<Response> {
  try {
    const value = await work();
    if (status === 204) return new Response(null, { status, headers: { 'Cache-Control': 'no-store' } });
    return Response.json(value, { status, headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** The user acting: a session's role, or what an API token may do on its owner's behalf. */
export function ownerOf(principal: Principal): TokenOwner {
  return principal.kind === 'session'
    ? { userId: principal.userId, role: principal.role }
    : { userId: principal.userId, role: principal.scope === 'admin' ? 'admin' : 'viewer' };
}
