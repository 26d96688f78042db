import { authorizeRead } from '@/lib/auth/authorize';
import { config } from '@/lib/config';
import { respond } from '@/lib/http/handle';
import { fleetSparklines, parseSparklineIds } from '@/lib/query/fleet-overview';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** `?ids=a,b,c`: the last hour of CPU, memory, fullest disk, network and load for each listed host. */
export async function GET(request: Request) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    const ids = parseSparklineIds(new URL(request.url).searchParams);
    return fleetSparklines(store, ids, Date.now(), config().retention);
  });
}
