import { createApiToken, listApiTokens } from '@/lib/accounts/api-tokens';
import { createApiTokenSchema } from '@/lib/accounts/schemas';
import { ownerOf, parseJson, respondWith } from '@/lib/accounts/http';
import { authorizeRead } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** The caller's API tokens (never the secrets); `?all=1` lists everyone's for an admin. */
export async function GET(request: Request) {
  return respondWith(200, async () => {
    const store = getStore();
    const principal = await authorizeRead(request, store);
    const all = new URL(request.url).searchParams.get('all') === '1';
    return { tokens: await listApiTokens(store, ownerOf(principal), { all }) };
  });
}

/** A signed-in user creates a token: {name, scope?, expiresInDays?}. The token is in this answer only. */
export async function POST(request: Request) {
  return respondWith(201, async () => {
    const store = getStore();
    const principal = await authorizeRead(request, store);
    requireSession(principal);
    return createApiToken(store, ownerOf(principal), await parseJson(request, createApiTokenSchema));
  });
}
