import { createHost } from '@/lib/accounts/hosts';
import { createHostSchema } from '@/lib/accounts/schemas';
import { publicServerUrl } from '@/lib/accounts/server-url';
import { route } from '@/lib/http/route';
import { fleet } from '@/lib/query/read-api';

export const dynamic = 'force-dynamic';

/** Every host with its status, last-seen and headline metrics. */
export const GET = route({ auth: 'viewer' }, ({ store, now }) => fleet(store, now));

/** Admins enrol a host: {name, tags?} → {id, token, installCommand, host}; the token is in this answer only. */
export const POST = route({ auth: 'admin', body: createHostSchema, status: 201 }, ({ store, body, request }) =>
  createHost(store, body, publicServerUrl(request)),
);
