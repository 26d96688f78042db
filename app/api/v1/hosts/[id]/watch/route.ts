import { route } from '@/lib/http/route';
import { watchHost } from '@/lib/query/watch';

export const dynamic = 'force-dynamic';

/** A page in Live mode calls this every ~20 s: the host's collector is asked for 1-second samples for the next 60 s. */
export const POST = route({ auth: 'viewer' }, ({ store, params, now }) => watchHost(store, params.id, now));
