import { route } from '@/lib/http/route';
import { sharedLink } from '@/lib/shares/viewer';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: which host it shows and what it allows. Unknown or revoked → 404, expired → 410. */
export const GET = route({ auth: 'share' }, ({ store, share, now }) => sharedLink(store, share, now));
