import { route } from '@/lib/http/route';
import { sharedHost } from '@/lib/shares/viewer';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: the header and newest sample of the link's host (another host id → 404). */
export const GET = route({ auth: 'share' }, ({ store, share, params, now }) => sharedHost(store, share, params.id, now));
