import { createHost } from '@/lib/accounts/hosts';
import { parseJson, respondWith } from '@/lib/accounts/http';
import { createHostSchema } from '@/lib/accounts/schemas';
import { publicServerUrl } from '@/lib/accounts/server-url';
import { authorizeAdmin, authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { fleet } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Every host with its status, last-seen and headline metrics. */
export async function GET(request: Request) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return fleet(store, Date.now());
  });
}

/** Admins enrol a host: {name, tags?} → {id, token, installCommand, host}; the token is in this answer only. */
export async function POST(request: Request) {
  return respondWith(201, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return createHost(store, await parseJson(request, createHostSchema), publicServerUrl(request));
  });
}
