import { parseJson, respondWith } from '@/lib/accounts/http';
import { publicServerUrl } from '@/lib/accounts/server-url';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { createShare, listShares, revokeHostShares } from '@/lib/shares/manage';
import { createShareSchema } from '@/lib/shares/schemas';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Admins create a read-only link to this host: {label?, expiresIn?, includeProcesses?, maxRange?} → {token, url, path, share}; the token is in this answer only. */
export async function POST(request: Request, { params }: Ctx) {
  return respondWith(201, async () => {
    const store = getStore();
    const principal = await authorizeAdmin(request, store);
    const input = await parseJson(request, createShareSchema);
    return createShare(store, principal.userId, (await params).id, input, publicServerUrl(request));
  });
}

/** This host's links, newest first. */
export async function GET(request: Request, { params }: Ctx) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { shares: await listShares(store, (await params).id) };
  });
}

/** Revokes every link of this host → {revoked}. */
export async function DELETE(request: Request, { params }: Ctx) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return revokeHostShares(store, (await params).id);
  });
}
