import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTH_RETRY_MS } from '@/collector/backoff';
import { Cadence } from '@/collector/cadence';
import { createLogger } from '@/collector/log';
import { Sender } from '@/collector/sender';
import { Spool } from '@/collector/spool';

/**
 * A refused token is retried slowly: the sender's next post waits at least AUTH_RETRY_MS, and nothing
 * is sent before. A real HTTP receiver on loopback; the sender's timers are faked, so the wait is
 * stepped through instead of lived through (the collector process test only sees the logged delay).
 */
/** Waits on real I/O without moving the faked clock (vi.waitFor would advance it). setImmediate is not faked here. */
async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}

describe('the sender after a refused token', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('posts again only once the logged delay has passed', async () => {
    const arrivals: number[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(arrivals.length);
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"unknown token"}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-sender-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const spool = Spool.open(dir, { maxBytes: 1_000_000, sync: false });
    cleanups.push(() => spool.close());
    spool.append('{"ts":1}');
    const lines: string[] = [];
    const sender = new Sender({
      url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      token: 'hwh_test',
      spool,
      cadence: new Cadence({ sampleMs: 1000, postMs: 1000 }),
      log: createLogger('info', (l) => lines.push(l)),
      pendingSystem: () => null,
      onSystemSent: () => {},
      random: () => 0.5,
    });
    cleanups.push(() => sender.stop());

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sender.start(0);
    await vi.advanceTimersByTimeAsync(0);
    await until('the refusal logged', () => lines.some((l) => l.includes('server refused the token')));
    expect(arrivals).toHaveLength(1);
    const delay = Number(/retryInMs=(\d+)/.exec(lines.find((l) => l.includes('server refused the token'))!)![1]);
    expect(delay).toBeGreaterThanOrEqual(AUTH_RETRY_MS);

    // Just short of the delay: nothing is sent (a round trip of our own proves any earlier post has arrived).
    await vi.advanceTimersByTimeAsync(delay - 1);
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then((r) => r.text());
    expect(arrivals).toHaveLength(2); // ours
    // The delay reached: the sender posts again.
    await vi.advanceTimersByTimeAsync(1);
    await until('the second post', () => arrivals.length === 3);
  });
});
