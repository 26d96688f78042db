import { revokeApiToken } from '@/lib/accounts/api-tokens';
import { ownerOf, respondWith } from '@/lib/accounts/http';
import { authorizeRead } from '@/lib/auth/authorize';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Revokes one of the caller's tokens (an admin: anyone's); it stops working at once. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respondWith(204, async () => {
    const store = getStore();
    const principal = await authorizeRead(request, store);
    await revokeApiToken(store, ownerOf(principal), (await params).id);
  });
}
