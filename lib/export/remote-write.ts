import 'server-only';
import { config, type RemoteWriteAuth, type RemoteWriteConfig } from '@/lib/config';
import type { AcceptedSink } from '@/lib/ingest/accepted-sink';
import type { HostRecord } from '@/lib/store/types';
import { VERSION } from '@/lib/version';
import type { Sample } from '@/lib/wire/contract';
import { healthCounters } from './health-metrics';
import { hostLabels } from './labels';
import { samplePoints, toSeries, type Point } from './points';
import { encodeWriteRequest } from './protobuf';
import { SendQueue, type SendVerdict } from './send-queue';
import { snappyCompress } from './snappy';

/**
 * Remote write out: every sample ingest accepted, forwarded to a Prometheus
 * remote-write endpoint (Prometheus with --web.enable-remote-write-receiver,
 * Mimir, VictoriaMetrics, Grafana Cloud) as protobuf WriteRequests in snappy's
 * block format. Off unless HOSTWATCH_REMOTE_WRITE_URL is set; then ingest
 * hands each stored batch over (`accepted`, an array push) and returns: the
 * points are made on the next turn of the event loop and sent in batches by a
 * bounded queue (send-queue.ts) that retries 5xx, 429 and network errors with
 * backoff and drops, counting, what does not fit. Per process: on serverless
 * the queue lives only as long as the function instance does.
 */

/** Points per request: Prometheus's own default is 2,000 samples per send. */
export const BATCH_POINTS = 2000;
const FLUSH_DELAY_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Stored batches converted per turn of the event loop, so a burst never holds it long. */
const CONVERT_PER_TURN = 32;
/** Stored batches waiting for conversion; past it (the event loop is starved anyway) a batch is dropped and counted. */
const MAX_INBOX = 4096;

export interface RemoteWriterOptions {
  fetch?: typeof fetch;
  random?: () => number;
  batchPoints?: number;
  flushDelayMs?: number;
  backoffBaseMs?: number;
  /** Where problems are told (the server log); at most one line a minute. */
  log?: (line: string) => void;
}

/** Once a minute at most: a receiver down for an hour must not write a line per retry. */
const LOG_EVERY_MS = 60_000;

function authHeader(auth: RemoteWriteAuth): Record<string, string> {
  if (auth.kind === 'bearer') return { authorization: `Bearer ${auth.token}` };
  if (auth.kind === 'basic') return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  return {};
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** What the receiver's answer means for the batch. */
export function verdictOf(status: number, retryAfter: string | null, body: string): SendVerdict {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const error = `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
  if (status === 429 || status >= 500) return { kind: 'retry', error, retryAfterMs: retryAfterMs(retryAfter) };
  return { kind: 'reject', error };
}

export class RemoteWriter implements AcceptedSink {
  readonly queue: SendQueue<Point>;
  private inbox: { host: HostRecord; samples: readonly Sample[] }[] = [];
  private converting = false;

  constructor(
    readonly target: RemoteWriteConfig,
    options: RemoteWriterOptions = {},
  ) {
    if (!/^https?:\/\//i.test(target.url)) throw new Error('remote write: the URL must be http:// or https://');
    const doFetch = options.fetch ?? fetch;
    const counters = () => healthCounters().remoteWrite;
    const log = options.log ?? ((line: string) => console.error(line));
    let loggedAt = -Infinity;
    const failed = (error: string) => {
      const c = counters();
      c.lastError = error;
      c.lastErrorAt = Date.now();
      if (c.lastErrorAt - loggedAt < LOG_EVERY_MS) return;
      loggedAt = c.lastErrorAt;
      log(`Hostwatch remote write to ${new URL(target.url).origin}: ${error} (sent ${c.samples.sent}, dropped ${c.samples.dropped}, rejected ${c.samples.rejected} samples so far)`);
    };
    this.queue = new SendQueue<Point>({
      capacity: target.queueSamples,
      batchSize: options.batchPoints ?? BATCH_POINTS,
      flushDelayMs: options.flushDelayMs ?? FLUSH_DELAY_MS,
      backoffBaseMs: options.backoffBaseMs,
      random: options.random,
      send: (batch) => this.send(doFetch, batch),
      onSent: (n) => (counters().samples.sent += n),
      onDropped: (n) => {
        counters().samples.dropped += n;
        failed(`queue full (${target.queueSamples} samples): ${n} dropped`);
      },
      onRejected: (n, error) => {
        counters().samples.rejected += n;
        failed(error);
      },
      onRetry: (error) => {
        counters().retries++;
        failed(error);
      },
    });
  }

  accepted(host: HostRecord, samples: readonly Sample[]): void {
    if (this.inbox.length >= MAX_INBOX) {
      const base = hostLabels(host);
      this.queue.drop(samples.reduce((n, s) => n + samplePoints(base, s).length, 0));
      return;
    }
    this.inbox.push({ host, samples });
    if (!this.converting) {
      this.converting = true;
      setImmediate(() => this.convert());
    }
  }

  private convert(): void {
    for (const { host, samples } of this.inbox.splice(0, CONVERT_PER_TURN)) {
      const base = hostLabels(host);
      for (const s of samples) this.queue.push(samplePoints(base, s));
    }
    if (this.inbox.length > 0) setImmediate(() => this.convert());
    else this.converting = false;
  }

  private async send(doFetch: typeof fetch, batch: Point[]): Promise<SendVerdict> {
    const body = snappyCompress(encodeWriteRequest(toSeries(batch)));
    healthCounters().remoteWrite.requests++;
    const res = await doFetch(this.target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
        'user-agent': `Hostwatch/${VERSION}`,
        ...authHeader(this.target.auth),
      },
      body: body as Uint8Array<ArrayBuffer>,
      // A redirect is a misconfigured URL: refused, not followed with the credentials.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = res.ok ? '' : await res.text().catch(() => '');
    if (res.ok) await res.body?.cancel();
    return verdictOf(res.status, res.headers.get('retry-after'), text);
  }
}

// On globalThis: Next may load this module once per route bundle; there must be one queue per process.
const KEY = Symbol.for('hostwatch.remote-writer');
const holder = globalThis as { [KEY]?: RemoteWriter | null };

/** The process's remote writer, or undefined when remote write is not configured (ingest then does nothing more). */
export function remoteWriteSink(): AcceptedSink | undefined {
  if (holder[KEY] === undefined) {
    const target = config().export.remoteWrite;
    holder[KEY] = target ? new RemoteWriter(target) : null;
  }
  return holder[KEY] ?? undefined;
}

/** What /api/v1/health says of remote write (counts only: the last error's text goes to the server log), or null when off. */
export function remoteWriteHealth() {
  const status = remoteWriteStatus();
  if (!status) return null;
  const { samples, retries, lastErrorAt } = healthCounters().remoteWrite;
  return { ...status, ...samples, retries, lastErrorAt };
}

/** The queue's fill, for the health metrics and /api/v1/health; null when remote write is off. */
export function remoteWriteStatus(): { queued: number; capacity: number } | null {
  if (config().export.remoteWrite === null) return null;
  const writer = remoteWriteSink() as RemoteWriter | undefined;
  return writer ? { queued: writer.queue.size, capacity: writer.queue.capacity } : null;
}
