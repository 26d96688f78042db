import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small round-robin HTTP balancer on loopback, as a load balancer in front
 * of several server instances would be: each request goes to the next
 * target in turn, bodies and answers streamed through unchanged. It records
 * which target served each request, so a test can show that consecutive
 * requests really reached different instances. Targets are set after start,
 * because the instances need the balancer's URL (NEXTAUTH_URL) first.
 */
export interface Balancer {
  url: string;
  port: number;
  targets: string[];
  /** The target index of each request served, in order. */
  served: number[];
  stop(): Promise<void>;
}

export async function startBalancer(): Promise<Balancer> {
  const balancer: Balancer = { url: '', port: 0, targets: [], served: [], stop: async () => {} };
  let next = 0;
  const server = http.createServer((req, res) => {
    if (balancer.targets.length === 0) {
      res.writeHead(503).end('no targets');
      return;
    }
    const index = next++ % balancer.targets.length;
    balancer.served.push(index);
    const target = new URL(balancer.targets[index]!);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('upstream error')));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.port = (server.address() as AddressInfo).port;
  balancer.url = `http://127.0.0.1:${balancer.port}`;
  balancer.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return balancer;
}
