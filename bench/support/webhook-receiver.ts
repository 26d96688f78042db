import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local webhook receiver (node:http on 127.0.0.1) that notes when each
 * alert notification arrives — the end of a detection-latency measurement.
 * Times are taken when the request's headers arrive, on this process's
 * clocks: `at` on performance.now(), `wall` on Date.now() (to compare with
 * the server's lastSeen, same machine).
 */

export interface Arrival {
  at: number;
  wall: number;
  hostId: string;
  ruleId: string;
  kind: string;
}

export interface WebhookReceiver {
  url: string;
  arrivals: Arrival[];
  /** The first arrival matching, or null after timeoutMs. */
  waitFor(match: (a: Arrival) => boolean, timeoutMs: number): Promise<Arrival | null>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const arrivals: Arrival[] = [];
  const waiters = new Set<{ match: (a: Arrival) => boolean; done: (a: Arrival) => void }>();
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const wall = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: { hostId?: string; ruleId?: string; kind?: string } };
        const a: Arrival = { at, wall, hostId: body.event?.hostId ?? '', ruleId: body.event?.ruleId ?? '', kind: body.event?.kind ?? '' };
        arrivals.push(a);
        for (const w of waiters) if (w.match(a)) w.done(a);
      } catch {
        // Not a Hostwatch webhook body: nothing to time.
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    waitFor(match, timeoutMs) {
      const seen = arrivals.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const w = {
          match,
          done: (a: Arrival) => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve(a);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          resolve(null);
        }, timeoutMs);
        waiters.add(w);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
