import { cronRound } from '@/lib/alerting/cron';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** One alerting round for serverless deployments (vercel.json cron), guarded by CRON_SECRET. */
export const GET = route({ auth: 'public' }, ({ request, store, now }) => cronRound(request, store, now));
