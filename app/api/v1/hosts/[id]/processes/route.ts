import { route } from '@/lib/http/route';
import { parseAtParam } from '@/lib/query/params';
import { processes } from '@/lib/query/read-api';

export const dynamic = 'force-dynamic';

/** The process snapshot nearest to ?at= (ms or ISO), or the latest. */
export const GET = route({ auth: 'viewer' }, ({ store, params, url }) => processes(store, params.id, parseAtParam(url.searchParams)));
