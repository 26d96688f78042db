import { authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { fleetOverview } from '@/lib/query/fleet-overview';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** The dashboard's fleet table: every host with status, headline numbers, OS and boot time, in one answer. */
export async function GET(request: Request) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return fleetOverview(store, Date.now());
  });
}
