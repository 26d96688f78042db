import 'server-only';
import { channel } from 'node:diagnostics_channel';
import http from 'node:http';
import type { Config } from '@/lib/config';

/**
 * Bounds how long a client may take to send its request, so slow connections
 * (a request head sent a byte at a time, or nothing at all) are closed with
 * 408 instead of being held for Node's defaults (60 s for the head, 5 minutes
 * for the request, checked every 30 s).
 *
 * `next start` creates the HTTP server and offers only --keepAliveTimeout, so
 * the timeouts are set on its server instance, which Node reads at every
 * check: found among the process's active handles when the server starts
 * (instrumentation runs once it listens), or else at its first request through
 * the documented `http.server.request.start` diagnostics channel. Node checks
 * the timeouts on an interval fixed when the server starts listening; the
 * interval is restarted at a cadence that fits the timeouts when this Node
 * exposes the listener that starts it, and otherwise keeps Node's 30 s (the
 * timeouts hold, closures come up to 30 s later).
 */

export type SlowClientLimits = Config['server'];

const applied = new WeakSet<http.Server>();

/** How often Node looks for expired requests: often enough that a timeout is met within about a quarter of it, at most once a second. */
export const checkIntervalMs = (limits: SlowClientLimits) => Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));

/** Sets the limits on one server; a server already done is left alone. Answers whether Node's check interval could be changed. */
export function boundServer(server: http.Server, limits: SlowClientLimits): boolean {
  if (applied.has(server)) return true;
  applied.add(server);
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  if (limits.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const withInterval = server as http.Server & { connectionsCheckingInterval?: number };
  withInterval.connectionsCheckingInterval = checkIntervalMs(limits);
  // Node's own 'listening' listener starts the checks with the interval above (clearing the running one).
  const startChecks = server.listeners('listening').find((f) => f.name === 'setupConnectionsTracking');
  if (!startChecks || !server.listening) return false;
  (startChecks as (this: http.Server) => void).call(server);
  return true;
}

/** The HTTP servers this process has open now (Node lists them among its active handles; absent from a Node that stops doing so). */
function openServers(): http.Server[] {
  const handles = (process as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((h): h is http.Server => h instanceof http.Server);
}

/** Bounds the process's HTTP servers: those open now, else the first that answers a request. Logs what it set. */
export function boundSlowClients(limits: SlowClientLimits, log: (line: string) => void = console.log): void {
  const describe = (checked: boolean) =>
    `Hostwatch: slow clients: request head within ${limits.headersTimeoutMs} ms, whole request within ${limits.requestTimeoutMs} ms` +
    (limits.keepAliveTimeoutMs === undefined ? '' : `, idle keep-alive ${limits.keepAliveTimeoutMs} ms`) +
    (checked ? '' : ' (this Node checks them every 30 s)');
  const open = openServers();
  if (open.length > 0) {
    log(describe(open.map((s) => boundServer(s, limits)).every(Boolean)));
    return;
  }
  const requests = channel('http.server.request.start');
  const onRequest = (message: unknown) => {
    const server = (message as { server?: unknown }).server;
    if (!(server instanceof http.Server)) return;
    requests.unsubscribe(onRequest);
    log(describe(boundServer(server, limits)));
  };
  requests.subscribe(onRequest);
}
