import { listAlerts } from '@/lib/alerting/alert-views';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Every pending and firing alert, firing first. */
export const GET = route({ auth: 'viewer' }, ({ store, now }) => listAlerts(store, now));
