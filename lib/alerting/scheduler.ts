import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Store } from '@/lib/store/types';
import { deliverDue, type DeliverOptions } from './deliver';
import { alertTick } from './tick';

/**
 * The self-hosted clock of alerting: every tick, the instance holding the
 * `alert-tick` lease judges what needs time to pass (host down, repeats),
 * and every instance sends what is due (claims keep each delivery to one
 * sender). The lease outlives three ticks, so a stopped leader is replaced
 * within that; a tick never overlaps the previous one in this process.
 */

export const TICK_LEASE = 'alert-tick';

export interface SchedulerOptions extends DeliverOptions {
  tickMs: number;
  log?: (message: string) => void;
}

/** One round of the scheduler; also what the cron route runs (with its own lease owner). */
export async function runAlertRound(store: Store, owner: string, now: number, options: Omit<SchedulerOptions, 'log'>) {
  // A failed tick (a bad rule, a store hiccup) does not hold back what is already queued.
  const ticked = (async () => {
    const leader = await store.alerts.acquireLease(TICK_LEASE, owner, options.tickMs * 3, now);
    return { leader, tick: leader ? await alertTick(store, now) : null };
  })().then(
    (r) => ({ ...r, error: null as Error | null }),
    (error: Error) => ({ leader: false, tick: null, error }),
  );
  const { leader, tick, error } = await ticked;
  const delivered = await deliverDue(store, now, { baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, policy: options.policy });
  if (error) throw error;
  return { leader, tick, delivered };
}

export function startAlertScheduler(store: Store, options: SchedulerOptions): () => void {
  const owner = randomUUID();
  const log = options.log ?? ((m: string) => console.error(m));
  let running = false;
  let lastError = '';
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runAlertRound(store, owner, Date.now(), options)
      .then(() => {
        lastError = '';
      })
      .catch((err: Error) => {
        // One line per kind of failure, not one per tick, while the store is down.
        if (err.message !== lastError) log(`Hostwatch alerts: tick failed: ${err.message}`);
        lastError = err.message;
      })
      .finally(() => {
        running = false;
      });
  }, options.tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
