import { hostAlertPeriods } from '@/lib/alerting/host-alerts';
import { route } from '@/lib/http/route';
import { parseSeriesParams } from '@/lib/query/params';

export const dynamic = 'force-dynamic';

/** When each rule fired on this host, over ?from&to (or ?range; default the last hour): the host page shades its charts with these. */
export const GET = route({ auth: 'viewer' }, ({ store, params, url, now }) => {
  const { from, to } = parseSeriesParams(url.searchParams, now);
  return hostAlertPeriods(store, params.id, { from, to }, now);
});
