import { publicServerUrl } from '@/lib/accounts/server-url';
import { route } from '@/lib/http/route';
import { createShare, listShares, revokeHostShares } from '@/lib/shares/manage';
import { createShareSchema } from '@/lib/shares/schemas';

export const dynamic = 'force-dynamic';

/** Admins create a read-only link to this host: {label?, expiresIn?, includeProcesses?, maxRange?} → {token, url, path, share}; the token is in this answer only. */
export const POST = route({ auth: 'admin', body: createShareSchema, status: 201 }, ({ store, principal, params, body, request }) =>
  createShare(store, principal.userId, params.id, body, publicServerUrl(request)),
);

/** This host's links, newest first. */
export const GET = route({ auth: 'admin' }, async ({ store, params }) => ({ shares: await listShares(store, params.id) }));

/** Revokes every link of this host → {revoked}. */
export const DELETE = route({ auth: 'admin' }, ({ store, params }) => revokeHostShares(store, params.id));
