import { route } from '@/lib/http/route';
import { listShares } from '@/lib/shares/manage';

export const dynamic = 'force-dynamic';

/** Every share link across all hosts, newest first (admins). */
export const GET = route({ auth: 'admin' }, async ({ store }) => ({ shares: await listShares(store) }));
