import http from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/**
 * node:https (tls, crypto: some 25 built-in modules, about 1 MB of RSS) is loaded
 * on the first https request only, so a collector posting over plain http
 * (loopback, --allow-insecure-http) never carries it.
 */
let tls: Promise<{ request: typeof http.request; agent: HttpsAgent }> | null = null;
let tlsAgent: HttpsAgent | null = null;
function loadHttps() {
  tls ??= import('node:https').then((https) => {
    tlsAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    return { request: https.request, agent: tlsAgent };
  });
  return tls;
}

/**
 * One POST with node:http(s) (lighter than fetch and with a hard deadline).
 * HTTPS certificates are verified by Node's defaults; nothing here turns that off.
 */
export async function post(url: URL, body: Buffer, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  const { request, agent } = url.protocol === 'https:' ? await loadHttps() : { request: http.request, agent: httpAgent };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // A reply is a small JSON object; never buffer an unbounded one.
          if (size < 64 * 1024) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

export function destroyAgents(): void {
  httpAgent.destroy();
  tlsAgent?.destroy();
}
