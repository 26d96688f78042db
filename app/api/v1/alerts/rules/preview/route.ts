import { previewBody } from '@/lib/alerting/api-schemas';
import { previewRule } from '@/lib/alerting/preview';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** {rule, range: 24h | 7d} → how often the rule would have fired on stored history. */
export const POST = route({ auth: 'admin', body: previewBody }, ({ store, body, now }) => previewRule(store, body, now));
