import 'server-only';
import { config } from '@/lib/config';
import type { Store } from '@/lib/store/types';
import { deliverDue } from './deliver';

/**
 * Sends what alerting just queued, right away instead of at the next tick
 * (detection latency is a batch plus one send). One run per process at a
 * time; a kick during a run starts one more run after it, so nothing queued
 * waits for the tick.
 */

let running: Promise<void> | null = null;
let again = false;

/** The dashboard's public URL for links in messages: NEXTAUTH_URL, else this server on localhost. */
export function dashboardUrl(): string {
  return (config().auth.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
}

export function sendQueuedNotifications(store: Store): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await deliverDue(store, Date.now(), { baseUrl: dashboardUrl() });
      } while (again);
    } catch (err) {
      console.error(`Hostwatch alerts: sending notifications failed: ${(err as Error).message}`);
    } finally {
      running = null;
    }
  })();
  return running;
}
