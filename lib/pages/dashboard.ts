import 'server-only';
import { config } from '@/lib/config';
import { HostNotFound } from '@/lib/errors';
import { fleetOverview, fleetSparklines } from '@/lib/query/fleet-overview';
import { hostDetails, series } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';
import { seriesWindow, type ChartSeriesRequest } from '@/lib/ui/chart-specs';
import { filterAndSort, paginate, type FleetQuery } from '@/lib/ui/fleet';
import { readOrOutage } from './guard';

/**
 * The first render's data of the fleet and host pages, read through lib/query
 * (the same functions the API answers with). `null` parts mean the store did
 * not answer; the views then show the outage banner and keep retrying through
 * the API.
 */

export async function loadFleetPage(query: FleetQuery) {
  const store = getStore();
  const now = Date.now();
  const fleet = await readOrOutage(() => fleetOverview(store, now));
  const page = fleet ? paginate(filterAndSort(fleet.hosts, query, now), query.page) : null;
  const sparks =
    page && page.rows.length > 0 ? await readOrOutage(() => fleetSparklines(store, page.rows.map((r) => r.id), now, config().retention)) : null;
  return { now, fleet, sparks };
}

/**
 * The host page: its header and the charts' first answer, for the same
 * typed request the browser turns into its series URL. `kind: 'missing'` for
 * an unknown host (the page answers 404).
 */
export async function loadHostPage(hostId: string, request: ChartSeriesRequest) {
  const store = getStore();
  const now = Date.now();
  let detail;
  try {
    detail = await readOrOutage(() => hostDetails(store, hostId, now));
  } catch (err) {
    if (err instanceof HostNotFound) return { kind: 'missing' as const };
    throw err;
  }
  const initialSeries = detail ? await readOrOutage(() => series(store, hostId, seriesWindow(request, now), now, config().retention)) : null;
  return { kind: 'found' as const, now, detail, initialSeries };
}

/** The host's name for the page title, or null (unknown host, store down). */
export async function hostTitle(hostId: string): Promise<string | null> {
  return (await getStore().getHost(hostId).catch(() => null))?.name ?? null;
}
