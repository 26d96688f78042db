import 'server-only';
import { listAlerts } from '@/lib/alerting/alert-views';
import { hostAlertPeriods } from '@/lib/alerting/host-alerts';
import { config } from '@/lib/config';
import { HostNotFound } from '@/lib/errors';
import { fleetOverview, fleetSparklines } from '@/lib/query/fleet-overview';
import { hostDetails, series } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';
import { alertPeriodsKey } from '@/lib/ui/alerts/periods-key';
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
  const [sparks, alerts] = await Promise.all([
    page && page.rows.length > 0 ? readOrOutage(() => fleetSparklines(store, page.rows.map((r) => r.id), now, config().retention)) : null,
    fleet ? readOrOutage(() => listAlerts(store, now)) : null,
  ]);
  return { now, fleet, sparks, alerts };
}

/**
 * The host page: its header, the charts' first answer, the alert list (its
 * header shows this host's part) and the alert periods the charts shade, for
 * the same typed requests the browser turns into its URLs. `kind: 'missing'` for
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
  const window = seriesWindow(request, now);
  const [initialSeries, periods, alerts] = detail
    ? await Promise.all([
        readOrOutage(() => series(store, hostId, window, now, config().retention)),
        readOrOutage(() => hostAlertPeriods(store, hostId, { from: window.from, to: window.to }, now)).catch((err) => {
          // Deleted between the reads: the detail answer already says so.
          if (err instanceof HostNotFound) return null;
          throw err;
        }),
        readOrOutage(() => listAlerts(store, now)),
      ])
    : [null, null, null];
  return { kind: 'found' as const, now, detail, initialSeries, periods, periodsKey: alertPeriodsKey(hostId, request.sel), alerts };
}

/** The host's name for the page title, or null (unknown host, store down). */
export async function hostTitle(hostId: string): Promise<string | null> {
  return (await getStore().getHost(hostId).catch(() => null))?.name ?? null;
}
