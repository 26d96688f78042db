import { getUser } from '@/lib/accounts/users';
import { respondWith } from '@/lib/accounts/http';
import { authorizeRead } from '@/lib/auth/authorize';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Who is calling: the user, and whether through a session or an API token (with its scope). */
export async function GET(request: Request) {
  return respondWith(200, async () => {
    const store = getStore();
    const principal = await authorizeRead(request, store);
    const via = principal.kind === 'session' ? { kind: 'session' } : { kind: 'api-token', tokenId: principal.tokenId, scope: principal.scope };
    return { user: await getUser(store, principal.userId), via };
  });
}
