import { setupFromRequest, setupStatus } from '@/lib/accounts/setup-request';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Public: {needed: true} while the server has no user and waits for /setup. */
export const GET = route({ auth: 'public' }, ({ store }) => setupStatus(store));

/** Public: {code, email, name?, password} with the setup code from the server log makes the first admin. */
export const POST = route({ auth: 'public', status: 201 }, ({ store, request }) => setupFromRequest(store, request));
