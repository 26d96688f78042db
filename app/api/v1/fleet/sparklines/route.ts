import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { fleetSparklines, parseSparklineIds } from '@/lib/query/fleet-overview';

export const dynamic = 'force-dynamic';

/** `?ids=a,b,c`: the last hour of CPU, memory, fullest disk, network and load for each listed host. */
export const GET = route({ auth: 'viewer' }, ({ store, url, now }) =>
  fleetSparklines(store, parseSparklineIds(url.searchParams), now, config().retention),
);
