import { rotateHostToken } from '@/lib/accounts/hosts';
import { respondWith } from '@/lib/accounts/http';
import { publicServerUrl } from '@/lib/accounts/server-url';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Admins replace a host's ingest token: the old one fails on its next post. Answers {id, token, installCommand, host} once. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return rotateHostToken(store, (await params).id, publicServerUrl(request));
  });
}
