import type { Json } from '../../support/http';

/**
 * A signed-out share viewer over plain HTTP: no cookies, its own client
 * address (X-Forwarded-For, as a proxy in front would set it), so one test's
 * requests do not use up another's rate limit.
 */
let next = 1;
export function newAddress(): string {
  next += 1;
  return `10.77.${Math.floor(next / 250)}.${(next % 250) + 1}`;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export async function viewerRequest(baseUrl: string, path: string, address: string, method = 'GET'): Promise<Reply> {
  const res = await fetch(baseUrl + path, { method, headers: { 'x-forwarded-for': address }, redirect: 'manual' });
  const text = await res.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a page: keep the text
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A token of the right shape with its last character changed: the hash no longer matches. */
export function tamper(token: string): string {
  const last = token.at(-1)!;
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

/**
 * Rate limits count in fixed windows aligned to the minute: a flood that
 * straddled a boundary would be split across two windows. Start floods with
 * at least 15 s of the current window left.
 */
export async function awayFromMinuteEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
}
