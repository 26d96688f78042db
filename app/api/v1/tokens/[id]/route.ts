import { ownerOf, revokeApiToken } from '@/lib/accounts/api-tokens';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** A signed-in user revokes one of their tokens (an admin: anyone's); it stops working at once. Never with an API token. */
export const DELETE = route({ auth: 'session', status: 204 }, ({ store, principal, params }) => revokeApiToken(store, ownerOf(principal), params.id));
