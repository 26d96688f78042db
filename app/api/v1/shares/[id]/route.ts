import { route } from '@/lib/http/route';
import { revokeShare } from '@/lib/shares/manage';

export const dynamic = 'force-dynamic';

/** Revokes one link; its next request, on any instance, is a 404. */
export const DELETE = route({ auth: 'admin', status: 204 }, ({ store, params }) => revokeShare(store, params.id));
