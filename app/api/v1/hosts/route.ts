import { authorizeRead } from '@/lib/auth/authorize';
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
