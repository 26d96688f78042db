import http from 'node:http';

/**
 * A small load generator: a fixed number of keep-alive connections, each
 * sending its next request as soon as the previous answer arrives (closed
 * loop), bounded by a request count and a deadline. node:http directly keeps
 * the generator's own CPU low; it shares the machine with the server.
 */

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
  errors: number;
  latencyMs: LatencySummary;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

function send(agent: http.Agent, base: URL, req: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { agent, host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('request timed out after 30 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}

export interface RunOptions {
  baseUrl: string;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  /** The i-th request. */
  next(i: number): LoadRequest;
  /** Called with each answer; return false to count it as an error. */
  check?(status: number, body: string): boolean;
  /** First error bodies are kept for the report. */
  onError?(message: string): void;
}

export async function runLoad(opts: RunOptions): Promise<LoadResult> {
  const base = new URL(opts.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const worker = async () => {
    while (issued < opts.maxRequests && performance.now() < deadline) {
      const req = opts.next(issued++);
      const t0 = performance.now();
      try {
        const { status, body } = await send(agent, base, req);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (!(opts.check ? opts.check(status, body) : status < 400)) {
          errors++;
          opts.onError?.(`${status} ${body.slice(0, 300)}`);
        }
      } catch (err) {
        errors++;
        statuses.network = (statuses.network ?? 0) + 1;
        opts.onError?.((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length + (statuses.network ?? 0),
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((latencies.length / seconds) * 10) / 10,
    statuses,
    errors,
    latencyMs: summarize(latencies),
  };
}
