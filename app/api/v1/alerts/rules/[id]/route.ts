import { z } from 'zod';
import { idParams } from '@/lib/alerting/api-schemas';
import { deleteRule, getRule, replaceRule } from '@/lib/alerting/manage-rules';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'viewer', params: idParams }, ({ store, params }) => getRule(store, params.id));

/** Replaces the rule; a changed condition or scope (or disabling it) clears its states. */
export const PUT = route({ auth: 'admin', params: idParams, body: z.unknown() }, ({ store, params, body, now }) => replaceRule(store, params.id, body, now));

/** Deletes the rule with its states and silences; its events stay. */
export const DELETE = route({ auth: 'admin', params: idParams, status: 204 }, ({ store, params }) => deleteRule(store, params.id));
