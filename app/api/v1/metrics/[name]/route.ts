import { z } from 'zod';
import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { METRIC_ALIASES } from '@/lib/query/metric-names';
import { metricAlias } from '@/lib/query/read-api';

export const dynamic = 'force-dynamic';

const name = z.enum(METRIC_ALIASES, { error: `must be one of ${METRIC_ALIASES.join(', ')}` });

/**
 * The seed design's endpoints, aliases of /api/v1/hosts/{id}[/series|/processes]:
 * cpu, memory, disk and network history, `current` state, `processes` (?at=).
 * ?host= is optional when there is one host; any other name is a 404.
 */
export const GET = route({ auth: 'viewer', params: z.object({ name }) }, ({ store, params, url, now }) =>
  metricAlias(store, params.name, url.searchParams, now, config().retention),
);
