import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundServer, boundSlowClients, checkIntervalMs } from '@/lib/http/slow-clients';

/** A silent connection to `server`: resolves with what the server wrote before closing it. */
function silentConnection(server: http.Server): Promise<string> {
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (received += d));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

async function listening(): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const limits = { headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 1_000, ownsConnections: true };
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('slow-client bounds on a Node server', () => {
  it('sets the timeouts and restarts Node’s checks at a cadence that fits them', async () => {
    const server = await listening();
    servers.push(server);
    expect(boundServer(server, limits)).toBe(true);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([200, 400, 1_000]);
    expect(await silentConnection(server)).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('check cadence: a quarter of the head timeout, from 50 ms to 1 s', () => {
    expect(checkIntervalMs({ ...limits, headersTimeoutMs: 100 })).toBe(50);
    expect(checkIntervalMs({ ...limits, headersTimeoutMs: 2_000 })).toBe(500);
    expect(checkIntervalMs({ ...limits, headersTimeoutMs: 15_000 })).toBe(1_000);
  });

  it('without Node’s handle list, bounds the first server that answers a request', async () => {
    const server = await listening();
    servers.push(server);
    const proc = process as { _getActiveHandles?: () => unknown[] };
    const original = proc._getActiveHandles;
    const lines: string[] = [];
    proc._getActiveHandles = () => [];
    try {
      boundSlowClients(limits, (line) => lines.push(line));
    } finally {
      proc._getActiveHandles = original;
    }
    expect(server.headersTimeout).toBe(60_000);
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await res.text()).toBe('ok');
    expect(server.headersTimeout).toBe(200);
    expect(lines).toEqual(['Hostwatch: slow clients: request head within 200 ms, whole request within 400 ms, idle keep-alive 1000 ms']);
    expect(await silentConnection(server)).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });
});
