import { route } from '@/lib/http/route';
import { sharedProcesses } from '@/lib/shares/viewer';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: the process snapshot nearest ?at= (clamped), only when the link includes processes (else 403). */
export const GET = route({ auth: 'share' }, ({ store, share, params, url, now }) => sharedProcesses(store, share, params.id, url.searchParams, now));
