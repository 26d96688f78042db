import { plainIssues } from '@/lib/ui/plain-issues';

/**
 * SWR's fetcher for the dashboard's own API: JSON on 2xx, an ApiError that
 * keeps the status and the API's error code otherwise, so views can tell a
 * store outage (503) from a missing host (404) or an expired session (401).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API's `error.details`: for a 400, `{path, message}` per bad field. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  return readJson<T>(res);
}

export async function readJson<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    // A 400 that names fields is said in words for the form showing it; the details stay for the form's fields.
    const plain = res.status === 400 ? plainIssues(err?.details) : null;
    throw new ApiError(res.status, err?.code ?? 'http_error', plain ?? err?.message ?? `The server answered ${res.status}.`, err?.details);
  }
  return body as T;
}

/** POST/PATCH/DELETE with a JSON body; throws ApiError like fetchJson. */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  return readJson<T>(res);
}

export const isStoreDown = (err: unknown): boolean => err instanceof ApiError && err.status === 503;
