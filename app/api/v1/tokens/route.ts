import { createApiToken, listApiTokens, ownerOf } from '@/lib/accounts/api-tokens';
import { createApiTokenSchema } from '@/lib/accounts/schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The caller's API tokens (never the secrets); `?all=1` lists everyone's for an admin. */
export const GET = route({ auth: 'viewer' }, async ({ store, principal, url }) => ({
  tokens: await listApiTokens(store, ownerOf(principal), { all: url.searchParams.get('all') === '1' }),
}));

/** A signed-in user creates a token: {name, scope?, expiresInDays?}. The token is in this answer only. */
export const POST = route({ auth: 'session', body: createApiTokenSchema, status: 201 }, ({ store, principal, body }) =>
  createApiToken(store, ownerOf(principal), body),
);
