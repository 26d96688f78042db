import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/**
 * A small server that speaks the Upstash Redis REST protocol in front of a
 * real redis-server, so the real @upstash/redis client can be tested over
 * HTTP: POST / (one command as a JSON array), POST /pipeline and POST
 * /multi-exec (arrays of commands), Bearer auth (401 otherwise), and the
 * base64 response encoding the client asks for with `Upstash-Encoding: base64`
 * (every string reply base64, also inside arrays). Errors are `{error}` with
 * status 400 for a single command and per entry for pipelines.
 */
export interface UpstashBridge {
  url: string;
  token: string;
  /** Commands received, by name (lowercase), for cost assertions. */
  commandCounts: Map<string, number>;
  requests: number;
  stop(): Promise<void>;
}

type Reply = Buffer | number | null | Reply[];

function encode(reply: Reply, base64: boolean): unknown {
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  return reply;
}

export async function startUpstashBridge(redisUrl: string, token = 'bridge-token-' + Math.random().toString(36).slice(2)): Promise<UpstashBridge> {
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 200, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  const commandCounts = new Map<string, number>();
  const count = (cmd: unknown[]) => {
    const name = String(cmd[0]).toLowerCase();
    commandCounts.set(name, (commandCounts.get(name) ?? 0) + 1);
  };

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, { error: 'only POST' });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { error: 'ERR body is not JSON' });
    }
    const base64 = req.headers['upstash-encoding'] === 'base64';
    bridge.requests++;
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    try {
      if (path === '/') {
        const cmd = body as (string | number)[];
        count(cmd);
        try {
          const reply = (await redis.callBuffer(String(cmd[0]), ...cmd.slice(1).map(String))) as Reply;
          return send(200, { result: encode(reply, base64) });
        } catch (err) {
          if (!isReplyError(err)) throw err;
          return send(400, { error: (err as Error).message });
        }
      }
      if (path === '/pipeline' || path === '/multi-exec') {
        const cmds = body as (string | number)[][];
        cmds.forEach(count);
        const p = path === '/pipeline' ? redis.pipeline() : redis.multi();
        for (const [name, ...args] of cmds) p.callBuffer(String(name), ...args.map(String));
        const results = await p.exec();
        if (!results) return send(400, { error: 'EXECABORT transaction discarded' });
        return send(
          200,
          results.map(([err, reply]) => (err ? { error: err.message } : { result: encode(reply as Reply, base64) })),
        );
      }
      return send(404, { error: `unknown path ${path}` });
    } catch (err) {
      // Redis itself is down or unreachable: what a REST front answers when its database is.
      return send(503, { error: `Service Unavailable: ${(err as Error).message}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const bridge: UpstashBridge = {
    url: `http://127.0.0.1:${port}`,
    token,
    commandCounts,
    requests: 0,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
  return bridge;
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}
