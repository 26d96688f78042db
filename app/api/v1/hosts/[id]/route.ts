import { deleteHost, updateHost } from '@/lib/accounts/hosts';
import { parseJson, respondWith } from '@/lib/accounts/http';
import { updateHostSchema } from '@/lib/accounts/schemas';
import { authorizeAdmin, authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { hostDetails } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** System info and the latest full state of one host. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return hostDetails(store, (await params).id, Date.now());
  });
}

/** Admins rename, re-tag, disable or enable a host: {name?, tags?, disabled?}. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { host: await updateHost(store, (await params).id, await parseJson(request, updateHostSchema)) };
  });
}

/** Admins delete a host with all its data. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respondWith(204, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    await deleteHost(store, (await params).id);
  });
}
