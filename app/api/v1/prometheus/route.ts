import { config } from '@/lib/config';
import { prometheusScrape } from '@/lib/export/prometheus';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Prometheus scrape target: every host's latest values and the server's health, for a viewer token as bearer (docs/API.md). */
export const GET = route({ auth: 'viewer' }, ({ request, store, now }) =>
  prometheusScrape(store, request.headers.get('accept'), now, { maxHosts: config().export.prometheusMaxHosts }),
);
