import type { TestHost } from '../../support/hosts';
import { makeSample } from '../../support/samples';

/**
 * Sustained ingest for the reliability tests: workers post 2-sample batches
 * for their hosts, each with fresh timestamps, and remember which samples the
 * server acknowledged (200) and which batches got no answer.
 */
export interface Outcome {
  acked: Map<string, number[]>;
  /** Batches sent without a 200 (connection lost, 503, ...): they may or may not be stored. */
  unacked: { hostId: string; token: string; ts: number[] }[];
  statuses: Map<number | string, number>;
  retryAfter: string[];
}

export interface Load {
  outcome: Outcome;
  /** Acknowledged batches so far. */
  ackedBatches(): number;
  stop(): Promise<void>;
}

export function startLoad(baseUrl: string, hosts: TestHost[], opts: { concurrency?: number; startTs?: number } = {}): Load {
  const outcome: Outcome = { acked: new Map(), unacked: [], statuses: new Map(), retryAfter: [] };
  let running = true;
  let ackedBatches = 0;
  // Each host gets its own timeline, 1 s per sample, starting in the recent past.
  const next = new Map(hosts.map((h) => [h.host.id, (opts.startTs ?? Date.now() - 3_600_000) as number]));
  const count = (key: number | string) => outcome.statuses.set(key, (outcome.statuses.get(key) ?? 0) + 1);
  const worker = async (w: number) => {
    for (let i = w; running; i += opts.concurrency ?? 4) {
      const h = hosts[i % hosts.length]!;
      const t0 = next.get(h.host.id)!;
      next.set(h.host.id, t0 + 2_000);
      const ts = [t0, t0 + 1_000];
      const body = JSON.stringify({ v: 1, samples: ts.map((t) => makeSample(t)), counters: { spooled: 0, dropped: 0 } });
      try {
        const res = await fetch(`${baseUrl}/api/v1/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        count(res.status);
        if (res.status === 200) {
          ackedBatches++;
          const list = outcome.acked.get(h.host.id) ?? [];
          list.push(...ts);
          outcome.acked.set(h.host.id, list);
        } else {
          outcome.unacked.push({ hostId: h.host.id, token: h.token, ts });
          const ra = res.headers.get('retry-after');
          if (ra) outcome.retryAfter.push(ra);
          await new Promise((r) => setTimeout(r, 20));
        }
      } catch {
        count('network error');
        outcome.unacked.push({ hostId: h.host.id, token: h.token, ts });
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency ?? 4 }, (_, w) => worker(w));
  return {
    outcome,
    ackedBatches: () => ackedBatches,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
