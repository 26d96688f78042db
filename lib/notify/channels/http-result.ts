import 'server-only';
import { DeliveryFailure } from '../failure';
import { safeFetch, type SafeResponse } from '../safe-fetch';
import type { ChannelContext, SendResult } from '../types';
import { cut, oneLine } from './format';

/** Posting through the guarded fetch and turning its answer into a SendResult, the same way for every HTTP channel. */

export interface Delivery {
  url: string;
  body: string;
  headers?: Record<string, string>;
}

/** Reads a receiver's error body into a few words ("chat not found"); null to show the body as it is. */
export type Describe = (res: SafeResponse) => string | null;

export async function deliver(service: string, delivery: Delivery, ctx: ChannelContext, describe?: Describe): Promise<SendResult> {
  try {
    const res = await safeFetch({ ...delivery, method: 'POST', timeoutMs: ctx.timeoutMs, policy: ctx.policy });
    return httpResult(service, res, delivery.url, describe);
  } catch (err) {
    return failureResult(service, err);
  }
}

export function postJson(service: string, url: string, payload: unknown, ctx: ChannelContext, options: { headers?: Record<string, string>; describe?: Describe } = {}) {
  const headers = { 'content-type': 'application/json; charset=utf-8', ...options.headers };
  return deliver(service, { url, body: JSON.stringify(payload), headers }, ctx, options.describe);
}

export function httpResult(service: string, res: SafeResponse, requestUrl: string, describe?: Describe): SendResult {
  const { status } = res;
  if (status >= 300 && status < 400) {
    const where = redirectHost(res.location, requestUrl);
    return {
      ok: false,
      status,
      retryable: false,
      detail: `${service} answered ${status}, a redirect${where ? ` to ${where}` : ''}; redirects are not followed (use the final URL)`,
    };
  }
  const ok = status >= 200 && status < 300;
  if (ok) return { ok, status, retryable: false, detail: `${service} answered ${status}` };
  const said = describe?.(res) ?? bodySummary(res);
  return {
    ok,
    status,
    retryable: status >= 500 || status === 429 || status === 408,
    detail: said ? `${service} answered ${status}: ${said}` : `${service} answered ${status}`,
  };
}

export function failureResult(service: string, err: unknown): SendResult {
  if (err instanceof DeliveryFailure) return { ok: false, status: null, retryable: err.retryable, detail: `${service}: ${err.message}` };
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, status: null, retryable: false, detail: `${service}: ${message}` };
}

function bodySummary(res: SafeResponse): string {
  const text = oneLine(res.body);
  return text ? cut(text, 200) + (res.truncated && text.length <= 200 ? '…' : '') : '';
}

/** Only the host: the path of a redirect target may carry a token. */
function redirectHost(location: string | null, base: string): string | null {
  if (!location) return null;
  try {
    return new URL(location, base).host;
  } catch {
    return null;
  }
}

/** A JSON body's field, if the body is JSON and the field a string. */
export function jsonField(body: string, ...path: string[]): string | null {
  try {
    let v: unknown = JSON.parse(body);
    for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' && v !== '' ? v : null;
  } catch {
    return null;
  }
}
