import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { sharedSeries } from '@/lib/shares/viewer';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: history like /api/v1/hosts/{id}/series, from/to clamped to the window the link allows. */
export const GET = route({ auth: 'share' }, ({ store, share, params, url, now }) =>
  sharedSeries(store, share, params.id, url.searchParams, now, config().retention),
);
