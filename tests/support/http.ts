import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Small HTTP helpers for the API tests: JSON bodies, Bearer tokens, optional gzip. */

// Replies are asserted field by field in the tests; typing every reply shape twice would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface PostOptions {
  token?: string;
  gzip?: boolean;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function postIngest(baseUrl: string, body: unknown, opts: PostOptions = {}): Promise<{ status: number; headers: Headers; json: Json }> {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const payload: string | Uint8Array<ArrayBuffer> = opts.gzip ? new Uint8Array(gzipSync(text)) : typeof text === 'string' ? text : new Uint8Array(text);
  const res = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...opts.headers,
    },
    body: payload,
  });
  const raw = await res.text();
  let json: Json = null;
  try {
    json = JSON.parse(raw);
  } catch {
    json = raw;
  }
  return { status: res.status, headers: res.headers, json };
}

export async function getJson(baseUrl: string, pathAndQuery: string, token?: string): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb * 1024;
}
