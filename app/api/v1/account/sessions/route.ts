import { endAllSessions } from '@/lib/auth/session-version';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** "Sign out everywhere": every session of the signed-in user ends, this one included. Never with an API token. */
export const DELETE = route({ auth: 'session', status: 204 }, ({ store, principal }) => endAllSessions(store, principal.userId));
