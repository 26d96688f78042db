import { ownerOf, revokeApiToken } from '@/lib/accounts/api-tokens';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Revokes one of the caller's tokens (an admin: anyone's); it stops working at once. */
export const DELETE = route({ auth: 'viewer', status: 204 }, ({ store, principal, params }) => revokeApiToken(store, ownerOf(principal), params.id));
