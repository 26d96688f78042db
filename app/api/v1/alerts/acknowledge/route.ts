import { acknowledgeAlert } from '@/lib/alerting/acknowledge';
import { acknowledgeBody } from '@/lib/alerting/api-schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Takes a firing alert: {ruleId, hostId, entity} → its state; no reminders until it resolves. */
export const POST = route({ auth: 'admin', body: acknowledgeBody }, ({ store, body, principal, now }) => acknowledgeAlert(store, body, principal, now));
