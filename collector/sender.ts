import { gzipSync } from 'node:zlib';
import type { SystemInfo } from '../lib/wire/contract';
import { AUTH_RETRY_MS, backoffMs, PROBE_TIMEOUT_MS, probeDelayMs } from './backoff';
import type { Cadence } from './cadence';
import { canConnect, post, PostError, retryAfterMs } from './http-post';
import type { Logger } from './log';
import type { Spool } from './spool';
import { COLLECTOR_VERSION } from './version';
import { MAX_BATCH_SAMPLES, MAX_BODY_BYTES, parseIngestReply } from './wire';

export interface SenderOptions {
  url: URL;
  token: string;
  spool: Spool;
  cadence: Cadence;
  log: Logger;
  /** System info to include in the next batch, or null when the server already has it. */
  pendingSystem: () => SystemInfo | null;
  onSystemSent: (s: SystemInfo) => void;
  onCadenceChange?: () => void;
  /** The reply's `watch`: the process patterns to count from now on (absent from a reply: keep the last ones). */
  onWatch?: (patterns: string[]) => void;
  requestTimeoutMs?: number;
  random?: () => number;
}

export type Outcome = 'empty' | 'sent' | 'rejected' | 'retry';

/** Room for the envelope (counters, system info) within the server's body limit. */
const SAMPLE_BYTES_BUDGET = MAX_BODY_BYTES - 50_000;
const REJECT_STATUSES = new Set([400, 409, 413, 422]);

function serverMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: unknown; details?: unknown } };
    if (j.error && typeof j.error.message === 'string') {
      return j.error.details === undefined ? j.error.message : `${j.error.message} ${JSON.stringify(j.error.details).slice(0, 500)}`;
    }
  } catch {
    // not JSON: use the text
  }
  return body.slice(0, 300) || '(no message)';
}

/**
 * Moves samples from the spool to the server: one batch at a time, oldest
 * first, removing them from the spool only after a 2xx.
 */
export class Sender {
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private inFlight: Promise<Outcome> | null = null;
  private readonly endpoint: URL;

  constructor(private readonly o: SenderOptions) {
    this.endpoint = new URL('api/v1/ingest', o.url.href.endsWith('/') ? o.url : new URL(`${o.url.href}/`));
  }

  start(delayMs = 0): void {
    this.stopped = false;
    this.schedule(delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Send now (e.g. the post interval just got shorter). */
  kick(): void {
    if (!this.stopped && !this.inFlight) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.probing && !(await this.probe())) return;
    const outcome = await this.sendOnce();
    if (this.stopped) return;
    this.schedule(this.nextDelay(outcome));
  }

  private lastRetryDelay = 0;
  /** The last post could not connect: probe until a connection opens, then post. */
  private probing = false;
  private probes = 0;

  /** True when the server accepts connections again; otherwise the next probe is scheduled. */
  private async probe(): Promise<boolean> {
    const ok = await canConnect(this.endpoint, PROBE_TIMEOUT_MS);
    if (this.stopped) return false;
    this.probes++;
    if (!ok) {
      const delay = probeDelayMs(this.o.random);
      this.o.log.debug('server still unreachable', { probes: this.probes, nextProbeInMs: delay });
      this.schedule(delay);
      return false;
    }
    this.o.log.info('server reachable again; sending', { probes: this.probes });
    this.probing = false;
    return true;
  }

  private nextDelay(outcome: Outcome): number {
    if (outcome === 'retry') return this.lastRetryDelay;
    // Catching up after an outage or a backfill: keep going while full batches are waiting.
    if (outcome !== 'empty' && this.o.spool.pendingCount >= MAX_BATCH_SAMPLES) return 0;
    if (outcome === 'rejected' && this.o.spool.pendingCount > 0) return 0;
    return this.o.cadence.postMs;
  }

  /** One batch. Never throws; network trouble is an outcome. */
  sendOnce(timeoutMs = this.o.requestTimeoutMs ?? 30_000): Promise<Outcome> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.doSend(timeoutMs).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async doSend(timeoutMs: number): Promise<Outcome> {
    const { spool, log } = this.o;
    const records = spool.peek(MAX_BATCH_SAMPLES, SAMPLE_BYTES_BUDGET);
    if (records.length === 0) return 'empty';
    const system = this.o.pendingSystem();
    const dropped = spool.dropped;
    const json =
      `{"v":1,"samples":[${records.join(',')}],` +
      `"counters":{"spooled":${spool.pendingCount - records.length},"dropped":${dropped}}` +
      `${system ? `,"system":${JSON.stringify(system)}` : ''}}`;
    const raw = Buffer.from(json, 'utf8');
    const gzip = raw.length > 1024;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${this.o.token}`,
      'User-Agent': `hostwatch-collector/${COLLECTOR_VERSION}`,
    };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    let res;
    try {
      res = await post(this.endpoint, gzip ? gzipSync(raw) : raw, headers, timeoutMs);
    } catch (err) {
      if (err instanceof PostError && !err.connected) return this.unreachable(err.message, records.length);
      return this.retry(`server unreachable: ${(err as Error).message}`, null, records.length);
    }
    if (res.status >= 200 && res.status < 300) {
      // Refused samples leave the spool too: the server would refuse them again.
      spool.ack(records.length);
      if (dropped > 0) spool.reportedDropped(dropped);
      this.attempt = 0;
      const reply = parseIngestReply(safeJson(res.body));
      // The system block is kept only with a sample the server kept: a batch it refused whole is sent again with the next.
      if (system && (!reply || reply.accepted + reply.duplicates > 0)) this.o.onSystemSent(system);
      if (reply?.refused) {
        log.warn('server refused samples (is this host\'s clock right?)', { samples: records.length, refused: reply.refused.count, reason: reply.refused.reason });
      }
      if (reply) {
        if (this.o.cadence.apply(reply)) {
          log.info('cadence changed by server', { sampleMs: this.o.cadence.sampleMs, postMs: this.o.cadence.postMs, untilMs: reply.untilMs });
          this.o.onCadenceChange?.();
        }
        if (reply.watch) this.o.onWatch?.(reply.watch);
        log.debug('batch sent', { samples: records.length, accepted: reply.accepted, duplicates: reply.duplicates });
      } else {
        log.warn('batch accepted but the reply was not understood', { status: res.status });
      }
      return 'sent';
    }
    const message = serverMessage(res.body);
    if (REJECT_STATUSES.has(res.status)) {
      log.error('server rejected a batch; moved to the dead-letter file', { status: res.status, samples: records.length, message });
      spool.deadLetter(records, { status: res.status, message });
      return 'rejected';
    }
    if (res.status === 401 || res.status === 403) {
      this.lastRetryDelay = Math.max(AUTH_RETRY_MS, backoffMs(this.attempt++, null, this.o.random));
      log.error('server refused the token (restart the collector with a valid token)', { status: res.status, retryInMs: this.lastRetryDelay });
      return 'retry';
    }
    return this.retry(`server answered ${res.status}: ${message}`, retryAfterMs(res.headers['retry-after']), records.length);
  }

  /** No connection could be made: no backoff (a probe is cheap), but probes until the server is back. */
  private unreachable(reason: string, samples: number): Outcome {
    this.probing = true;
    this.probes = 0;
    this.lastRetryDelay = probeDelayMs(this.o.random);
    this.o.log.warn('send failed; server unreachable, probing it', { reason, samples, nextProbeInMs: this.lastRetryDelay });
    return 'retry';
  }

  private retry(reason: string, retryAfter: number | null, samples: number): Outcome {
    this.lastRetryDelay = backoffMs(this.attempt++, retryAfter, this.o.random);
    this.o.log.warn('send failed; will retry', { reason, samples, retryInMs: this.lastRetryDelay });
    return 'retry';
  }

  /** Shutdown: one last attempt to empty the spool within `budgetMs`; what is left stays on disk. */
  async flush(budgetMs: number): Promise<void> {
    this.stop();
    const deadline = Date.now() + budgetMs;
    if (this.inFlight) await Promise.race([this.inFlight, sleep(budgetMs)]);
    while (this.o.spool.pendingCount > 0) {
      const left = deadline - Date.now();
      if (left < 100) break;
      const outcome = await this.sendOnce(left);
      if (outcome === 'retry' || outcome === 'empty') break;
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
