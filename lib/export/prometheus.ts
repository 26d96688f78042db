import 'server-only';
import { StoreUnavailableError } from '@/lib/store/errors';
import type { FleetEntry, Store } from '@/lib/store/types';
import { VERSION } from '@/lib/version';
import { exposeHosts } from './host-exposition';
import { remoteWriteStatus } from './remote-write';
import { exposeSelf } from './self-exposition';
import { CONTENT_TYPES, formatFor, writeFamilies } from './text-format';

/**
 * GET /api/v1/prometheus: every host's latest values and the server's own
 * health, in the format the scraper asks for. One store read for the fleet
 * (`getFleet`, latest state only, no history) and one ping, side by side.
 * A store that does not answer still gets a scrape: the server's own metrics
 * with `hostwatch_server_store_up 0`, so Prometheus can alert on it.
 */

/** About 32 MB of text per scrape, whatever the host cap (a host with every family at its cap is about 0.5 MB). */
export const MAX_SCRAPE_BYTES = 32 * 1024 * 1024;

export interface ScrapeOptions {
  maxHosts: number;
  maxBytes?: number;
}

async function timedPing(store: Store): Promise<number | null> {
  const started = performance.now();
  try {
    await store.ping();
    return (performance.now() - started) / 1000;
  } catch (err) {
    if (err instanceof StoreUnavailableError) return null;
    throw err;
  }
}

async function fleetOrNothing(store: Store): Promise<FleetEntry[] | null> {
  try {
    return await store.getFleet();
  } catch (err) {
    if (err instanceof StoreUnavailableError) return null;
    throw err;
  }
}

export async function prometheusScrape(store: Store, accept: string | null, now: number, options: ScrapeOptions): Promise<Response> {
  const format = formatFor(accept);
  const [rtt, fleet] = await Promise.all([timedPing(store), fleetOrNothing(store)]);
  const hosts = exposeHosts(fleet ?? [], { now, maxHosts: options.maxHosts, maxBytes: options.maxBytes ?? MAX_SCRAPE_BYTES });
  const self = exposeSelf({ storeRoundTripSeconds: fleet === null ? null : rtt, hostsOmitted: hosts.omitted, hostsUnreadable: hosts.unreadable, remoteWrite: remoteWriteStatus(), version: VERSION });
  return new Response(writeFamilies([...self, ...hosts.families], format), { headers: { 'Content-Type': CONTENT_TYPES[format] } });
}
