import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPeerAddressStamp, peerAddress } from '@/lib/auth/peer-address';

/**
 * The socket's peer, stamped on each request by the diagnostics-channel
 * subscriber (lib/auth/peer-address.ts), on a real node:http server: the
 * stamp is the socket's address, and a client that sends the header itself
 * is not believed.
 */
describe('the peer address stamp', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    installPeerAddressStamp();
    installPeerAddressStamp(); // idempotent: one subscriber
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ peer: peerAddress(req.headers), fromWebHeaders: peerAddress(new Headers(req.headers as Record<string, string>)) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is the socket address, whatever the client claims', async () => {
    const claims: Record<string, string>[] = [{}, { 'x-hostwatch-peer': '203.0.113.9' }, { 'x-hostwatch-peer': 'guessed-secret 203.0.113.9', 'x-forwarded-for': '203.0.113.10' }];
    for (const headers of claims) {
      const answer = await (await fetch(url, { headers })).json();
      expect(answer).toEqual({ peer: '127.0.0.1', fromWebHeaders: '127.0.0.1' });
    }
  });

  it('is unknown on headers that never passed through the stamp', () => {
    expect(peerAddress({ 'x-hostwatch-peer': '127.0.0.1' })).toBeNull();
    expect(peerAddress(new Headers())).toBeNull();
  });
});
