import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { parseSeriesParams } from '@/lib/query/params';
import { series } from '@/lib/query/read-api';

export const dynamic = 'force-dynamic';

/** History of one host: ?metrics=a,b&from=&to=&range=&points= → aligned avg/min/max arrays from the best tier. */
export const GET = route({ auth: 'viewer' }, ({ store, params, url, now }) =>
  series(store, params.id, parseSeriesParams(url.searchParams, now), now, config().retention),
);
