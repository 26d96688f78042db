import { authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { watchHost } from '@/lib/query/watch';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** A page in Live mode calls this every ~20 s: the host's collector is asked for 1-second samples for the next 60 s. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return watchHost(store, (await params).id, Date.now());
  });
}
