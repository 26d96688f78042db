import { route } from '@/lib/http/route';
import { sharedWatch } from '@/lib/shares/viewer';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: a viewer in Live mode asks the host for 1-second samples for the next 60 s. */
export const POST = route({ auth: 'share' }, ({ store, share, params, now }) => sharedWatch(store, share, params.id, now));
