import { createSilenceBody } from '@/lib/alerting/api-schemas';
import { createSilence, listSilences } from '@/lib/alerting/manage-silences';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The active silences, soonest to end first. */
export const GET = route({ auth: 'viewer' }, ({ store, now }) => listSilences(store, now));

/** {ruleId, hostId?, entity?, until, comment?} → 201 silence. */
export const POST = route({ auth: 'admin', body: createSilenceBody, status: 201 }, ({ store, body, principal, now }) => createSilence(store, body, principal, now));
