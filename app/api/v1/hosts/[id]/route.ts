import { authorizeRead } from '@/lib/auth/authorize';
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
