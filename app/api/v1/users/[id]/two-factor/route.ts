import { resetTwoFactor } from '@/lib/accounts/two-factor';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** A signed-in admin resets a user's two-factor (a lost phone): they sign in with the password alone, or enrol again where it is required. */
export const DELETE = route({ auth: 'admin-session', status: 204 }, ({ store, params }) => resetTwoFactor(store, params.id));
