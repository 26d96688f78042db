import { listEvents } from '@/lib/alerting/alert-views';
import { eventsQuery } from '@/lib/alerting/api-schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Alert history, newest first: ?hostId&ruleId&severity&from&to&limit. */
export const GET = route({ auth: 'viewer', query: eventsQuery }, ({ store, query }) => listEvents(store, query));
