import http from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import net from 'node:net';

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
 * A failed request, saying whether a connection to the server was ever made:
 * without one the server (or the way to it) is down and a cheap probe finds
 * out when it is back; with one, it is up but not answering well, which is
 * what backoff is for.
 */
export class PostError extends Error {
  constructor(
    message: string,
    readonly connected: boolean,
  ) {
    super(message);
  }
}

/**
 * One POST with node:http(s) (lighter than fetch and with a hard deadline).
 * HTTPS certificates are verified by Node's defaults; nothing here turns that off.
 */
export async function post(url: URL, body: Buffer, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  const { request, agent } = url.protocol === 'https:' ? await loadHttps() : { request: http.request, agent: httpAgent };
  return new Promise((resolve, reject) => {
    let connected = false;
    const fail = (err: Error) => reject(new PostError(err.message, connected));
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
        res.on('error', fail);
      },
    );
    req.on('socket', (socket) => {
      // A kept-alive socket is connected already; a new one says so when its TCP handshake completes.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', fail);
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

/**
 * Can a TCP connection to the server be opened? The cheapest question that
 * tells a server that is back from one that is still down: no request, no
 * TLS, no body. (node:net is loaded by node:http already.)
 */
export function canConnect(url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const socket = net.connect({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
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
