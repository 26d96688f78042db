import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { VERSION } from '@/lib/version';
import { DeliveryFailure, networkFailure } from './failure';
import type { AddressPolicy } from './policy';
import { resolveTarget, type Target } from './resolve-target';

/**
 * The one way notifications reach the network over HTTP. The host name is
 * resolved once, every address checked against the policy, and the socket
 * connects to the checked address (a custom `lookup` that answers only it),
 * while SNI and the Host header keep the name, so certificates still verify.
 *
 * Redirects are not followed: a receiver that answers 3xx is reported as a
 * failure naming where it pointed. Following would mean checking each new
 * target again, and a webhook endpoint that redirects is misconfigured anyway.
 *
 * One deadline covers everything (resolving, connecting, TLS, the answer and
 * its body); the body is read up to a cap and the rest dropped.
 */
export interface SafeRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  policy: AddressPolicy;
  /** Bytes of the answer kept (default 64 KB); more is cut off, not an error. */
  maxBodyBytes?: number;
}

export interface SafeResponse {
  status: number;
  /** The Location header of a 3xx, if any. */
  location: string | null;
  contentType: string;
  body: string;
  /** The answer was longer than the cap. */
  truncated: boolean;
}

export const MAX_BODY_BYTES = 64 * 1024;
const USER_AGENT = `Hostwatch/${VERSION} (notifications)`;

export async function safeFetch(req: SafeRequest): Promise<SafeResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new DeliveryFailure('the URL is not valid', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DeliveryFailure(`${url.protocol} URLs cannot be used, only http: and https:`, false);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DeliveryFailure(`timed out after ${req.timeoutMs} ms waiting for ${url.host}`, true)),
    req.timeoutMs,
  );
  try {
    const target = await resolveTarget(url.hostname, req.policy, controller.signal);
    return await send(url, target, req, controller.signal);
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw networkFailure(err, url.host);
  } finally {
    clearTimeout(timer);
  }
}

/** A resolver that knows one answer: the address that was checked. */
function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function send(url: URL, target: Target, req: SafeRequest, signal: AbortSignal): Promise<SafeResponse> {
  const max = req.maxBodyBytes ?? MAX_BODY_BYTES;
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    'accept-encoding': 'identity',
    host: url.host,
    ...req.headers,
  };
  if (body) headers['content-length'] = String(body.length);
  if ((url.username || url.password) && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const secure = url.protocol === 'https:';
  const options: https.RequestOptions = {
    hostname: target.name,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: req.method ?? 'POST',
    headers,
    // A fresh connection each time: a pooled socket would not have been checked for this request.
    agent: false,
    signal,
    lookup: pinnedLookup(target),
    ...(secure && !isIP(target.name) ? { servername: target.name } : {}),
  };
  return new Promise<SafeResponse>((resolve, reject) => {
    const request = (secure ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (truncated: boolean) => {
        if (done) return;
        done = true;
        const location = res.headers.location;
        resolve({
          status: res.statusCode ?? 0,
          location: typeof location === 'string' ? location : null,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
        });
      };
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        const room = max - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size = max;
          finish(true);
          res.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(false));
      res.on('error', (err) => {
        if (!done) reject(err);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
