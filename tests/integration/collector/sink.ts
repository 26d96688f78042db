import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { batchSchema, describeIssues, type Batch, type IngestReply } from '@/lib/wire/contract';
import { freePort } from '../../support/redis-server';

export const root = path.resolve(import.meta.dirname, '../../..');
export const bundle = path.join(root, 'dist', 'hostwatch-collector.mjs');

/** Build the real bundle the tests run (esbuild: about a second). */
export function buildBundle(): void {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-collector.mjs')], { cwd: root, stdio: 'pipe' });
}

export interface Received {
  at: number;
  status: number;
  token: string;
  gzip: boolean;
  batch?: Batch;
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/**
 * A stand-in ingest server over real HTTP: validates every body with the
 * shared batchSchema, deduplicates samples by (token, ts) like the server
 * must, and answers what the test tells it to.
 */
export interface Sink {
  url: string;
  requests: Received[];
  /** Unique samples stored, per token. */
  stored: Map<string, Map<number, Batch['samples'][number]>>;
  duplicates: number;
  /** The next answers, consumed one per request; when empty the sink accepts. */
  script: Answer[];
  reply: (batch: Batch) => IngestReply;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const port = await freePort();
  const sink: Sink = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    stored: new Map(),
    duplicates: 0,
    script: [],
    reply: () => ({ accepted: 0, duplicates: 0, sampleIntervalMs: 5000, postIntervalMs: 10000, untilMs: 0 }),
    down: async () => {},
    up: async () => {},
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const gzip = req.headers['content-encoding'] === 'gzip';
      const rec: Received = { at: Date.now(), status: 0, token, gzip };
      sink.requests.push(rec);
      if (req.method !== 'POST' || req.url !== '/api/v1/ingest') return send((rec.status = 404), { error: { code: 'not_found', message: req.url } });
      let parsed;
      try {
        const raw = Buffer.concat(chunks);
        parsed = batchSchema.safeParse(JSON.parse((gzip ? gunzipSync(raw) : raw).toString('utf8')));
      } catch {
        return send((rec.status = 400), { error: { code: 'bad_json', message: 'body is not JSON' } });
      }
      if (!parsed.success) {
        return send((rec.status = 400), { error: { code: 'invalid_batch', message: 'invalid batch', details: describeIssues(parsed.error) } });
      }
      rec.batch = parsed.data;
      const scripted = sink.script.shift();
      if (scripted) return send((rec.status = scripted.status), scripted.body ?? { error: { code: 'scripted', message: `scripted ${scripted.status}` } }, scripted.headers);
      const mine = sink.stored.get(token) ?? new Map();
      sink.stored.set(token, mine);
      let accepted = 0;
      for (const s of parsed.data.samples) {
        if (mine.has(s.ts)) sink.duplicates++;
        else {
          mine.set(s.ts, s);
          accepted++;
        }
      }
      send((rec.status = 200), { ...sink.reply(parsed.data), accepted, duplicates: parsed.data.samples.length - accepted });
    });
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  sink.down = stop;
  sink.up = listen;
  sink.close = async () => {
    if (server.listening) await stop();
  };
  return sink;
}

export interface Collector {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function runCollector(args: string[], env: Record<string, string> = {}): Collector {
  let out = '';
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, NODE_ENV: 'production' as const },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => out, exited };
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 30_000, output?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `\n--- collector output ---\n${output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
