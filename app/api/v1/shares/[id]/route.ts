import { respondWith } from '@/lib/accounts/http';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { revokeShare } from '@/lib/shares/manage';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Revokes one link; its next request, on any instance, is a 404. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respondWith(204, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    await revokeShare(store, (await params).id);
  });
}
