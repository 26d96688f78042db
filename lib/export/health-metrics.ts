/**
 * The server's own health, counted in this process: plain numbers bumped on
 * the paths that matter (an addition each, no allocation, no lock), read by
 * the exposition (self-exposition.ts). Per process: behind a balancer each
 * instance counts its own, and a restart starts again from zero, as
 * Prometheus expects of counters. Pure, so any layer may count.
 */

/** Latency buckets in seconds, Prometheus's defaults: an ingest is milliseconds, an outage seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export class Histogram {
  /** Per bucket, not cumulative (the exposition sums); the last one is +Inf. */
  readonly counts = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }
}

export type IngestOutcome = 'accepted' | 'refused' | 'failed';
export type DeliveryOutcome = 'sent' | 'retried' | 'failed';
export type RemoteWriteOutcome = 'sent' | 'dropped' | 'rejected';

export interface HealthCounters {
  ingestRequests: Record<IngestOutcome, number>;
  ingestSeconds: Histogram;
  ingestSamples: number;
  alertEvaluations: { ingest: number; tick: number };
  notifications: Record<DeliveryOutcome, number>;
  remoteWrite: { samples: Record<RemoteWriteOutcome, number>; retries: number; requests: number; lastError: string | null; lastErrorAt: number | null };
}

function fresh(): HealthCounters {
  return {
    ingestRequests: { accepted: 0, refused: 0, failed: 0 },
    ingestSeconds: new Histogram(),
    ingestSamples: 0,
    alertEvaluations: { ingest: 0, tick: 0 },
    notifications: { sent: 0, retried: 0, failed: 0 },
    remoteWrite: { samples: { sent: 0, dropped: 0, rejected: 0 }, retries: 0, requests: 0, lastError: null, lastErrorAt: null },
  };
}

// On globalThis: Next may load this module once per route bundle, and every route must count into the same numbers.
const KEY = Symbol.for('hostwatch.health-counters');
const holder = globalThis as { [KEY]?: HealthCounters };

export function healthCounters(): HealthCounters {
  return (holder[KEY] ??= fresh());
}

/** Tests start from zero. */
export function resetHealthCounters(): void {
  holder[KEY] = fresh();
}

/** One ingest POST: its status (2xx accepted, 4xx refused, 5xx failed) and how long it took. */
export function recordIngest(status: number, seconds: number): void {
  const c = healthCounters();
  c.ingestRequests[status < 400 ? 'accepted' : status < 500 ? 'refused' : 'failed']++;
  c.ingestSeconds.observe(seconds);
}

export function recordAcceptedSamples(count: number): void {
  healthCounters().ingestSamples += count;
}

/** Wraps a route handler so every answer is counted and timed, refusals included. */
export function countedIngest<A extends unknown[]>(handle: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    const started = performance.now();
    const response = await handle(...args);
    recordIngest(response.status, (performance.now() - started) / 1000);
    return response;
  };
}

export function recordAlertEvaluation(trigger: 'ingest' | 'tick'): void {
  healthCounters().alertEvaluations[trigger]++;
}

export function recordDeliveries(result: Record<DeliveryOutcome, number>): void {
  const n = healthCounters().notifications;
  n.sent += result.sent;
  n.retried += result.retried;
  n.failed += result.failed;
}
