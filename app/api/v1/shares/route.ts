import { respondWith } from '@/lib/accounts/http';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { listShares } from '@/lib/shares/manage';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Every share link across all hosts, newest first (admins). */
export async function GET(request: Request) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { shares: await listShares(store) };
  });
}
