import 'server-only';
import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The TCP peer of a request, which Next.js does not hand to route handlers or
 * pages (`request.ip` is gone; `next start` only fills X-Forwarded-For with the
 * socket's address when the client sent none, so that header cannot tell a
 * forged value from a real one).
 *
 * Node publishes every incoming request on the `http.server.request.start`
 * diagnostics channel, synchronously, before the server's request handler
 * sees it. The subscriber, installed once at start (instrumentation-node.ts),
 * overwrites one request header with the socket's address, prefixed by a
 * secret made for this process. A client that sends that header itself
 * cannot know the secret, so its value is never believed; and before the
 * subscriber runs (or where there is no Node HTTP server, as on Vercel) the
 * peer is simply unknown.
 *
 * The state lives on globalThis: Next bundles this module once per route,
 * and every copy must read the secret the installer made.
 */
const HEADER = 'x-hostwatch-peer';
const STATE = Symbol.for('hostwatch.peer-address');

interface PeerStampState {
  secret: string;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function state(): PeerStampState | undefined {
  return (globalThis as { [STATE]?: PeerStampState })[STATE];
}

/** Stamps each request of this process's HTTP servers with its socket's peer address. Idempotent. */
export function installPeerAddressStamp(): void {
  if (state()) return;
  const stamp: PeerStampState = { secret: randomBytes(18).toString('base64url') };
  (globalThis as { [STATE]?: PeerStampState })[STATE] = stamp;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[HEADER] = `${stamp.secret} ${socket.remoteAddress ?? ''}`;
  });
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The socket's peer address as stamped on this request, or null when it carries no genuine stamp. */
export function peerAddress(headers: HeaderSource): string | null {
  const stamp = state();
  const value = headerValue(headers, HEADER);
  if (!stamp || !value?.startsWith(`${stamp.secret} `)) return null;
  return value.slice(stamp.secret.length + 1) || null;
}
