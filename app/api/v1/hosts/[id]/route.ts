import { deleteHost, updateHost } from '@/lib/accounts/hosts';
import { updateHostSchema } from '@/lib/accounts/schemas';
import { route } from '@/lib/http/route';
import { hostDetails } from '@/lib/query/read-api';

export const dynamic = 'force-dynamic';

/** System info and the latest full state of one host. */
export const GET = route({ auth: 'viewer' }, ({ store, params, now }) => hostDetails(store, params.id, now));

/** Admins rename, re-tag, disable or enable a host: {name?, tags?, disabled?}. */
export const PATCH = route({ auth: 'admin', body: updateHostSchema }, async ({ store, params, body }) => ({
  host: await updateHost(store, params.id, body),
}));

/** Admins delete a host with all its data. */
export const DELETE = route({ auth: 'admin', status: 204 }, ({ store, params }) => deleteHost(store, params.id));
