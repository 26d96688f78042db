import { z } from 'zod';
import { createRule, listRules } from '@/lib/alerting/manage-rules';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'viewer' }, ({ store }) => listRules(store));

/** A rule input → 201 rule; checkRule reads the body, so each error names its field. */
export const POST = route({ auth: 'admin', body: z.unknown(), status: 201 }, ({ store, body, now }) => createRule(store, body, now));
