import { route } from '@/lib/http/route';
import { fleetOverview } from '@/lib/query/fleet-overview';

export const dynamic = 'force-dynamic';

/** The dashboard's fleet table: every host with status, headline numbers, OS and boot time, in one answer. */
export const GET = route({ auth: 'viewer' }, ({ store, now }) => fleetOverview(store, now));
