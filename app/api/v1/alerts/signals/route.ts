import { listSignals } from '@/lib/alerting/signals-list';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** What a metric condition can watch, with each unit's range. */
export const GET = route({ auth: 'viewer' }, () => listSignals());
