import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch } from '../../support/samples';

/**
 * Slow clients against a real `next start`: a connection that sends nothing,
 * one that sends its request head a byte at a time, and one that sends its
 * body a byte at a time are each answered 408 and closed once they overrun
 * the configured timeouts (set small here), while normal requests go on.
 * Without the bound, Node holds them for a minute and more.
 */

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 1_200;
/** How often a dripping client sends its next byte: always sooner than any timeout, so only the totals can expire. */
const DRIP_MS = 40;

/**
 * Connects, sends `atOnce`, then `drip` one byte per DRIP_MS (and more of its
 * last byte after it, so the request never completes); nothing at all when
 * both are empty. Resolves with everything the server wrote once it closed the
 * connection.
 */
function slowConnection(port: number, atOnce: string, drip: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (received += d));
  socket.on('error', () => {});
  if (atOnce) socket.write(atOnce);
  let sent = 0;
  const timer = drip ? setInterval(() => socket.destroyed || socket.write(drip[Math.min(sent++, drip.length - 1)]!), DRIP_MS) : undefined;
  return new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
}

describe('slow clients on next start', () => {
  let server: NextServer;
  let store: Store;
  let token: string;

  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HOSTWATCH_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    store = await openSqliteStoreAt(server.dataDir);
    ({ token } = await createTestHost(store));
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('says at start which bounds it set, checked at their own cadence', () => {
    expect(server.output()).toContain(`Hostwatch: slow clients: request head within ${HEADERS_TIMEOUT_MS} ms, whole request within ${REQUEST_TIMEOUT_MS} ms\n`);
  });

  it('answers 408 and closes connections that send nothing, a request head byte by byte, or a body byte by byte', async () => {
    const head = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a';
    // A valid head at once, then a body that would take 40 s at this pace.
    const postHead = `POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    const closed = [
      ...Array.from({ length: 10 }, () => slowConnection(server.port, '', '')),
      ...Array.from({ length: 10 }, () => slowConnection(server.port, '', head)),
      ...Array.from({ length: 3 }, () => slowConnection(server.port, postHead, '{"v":1,"samples":[ ')),
    ];
    // Meanwhile the server serves: a collector's batch goes through.
    const ingest = await postIngest(server.url, makeBatch(Date.now(), 1), { token });
    expect(ingest.status).toBe(200);

    for (const answer of await Promise.all(closed)) expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);

    // And still serves afterwards.
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });
});
