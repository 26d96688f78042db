import { setTwoFactorPolicy, twoFactorPolicy } from '@/lib/accounts/two-factor';
import { twoFactorPolicySchema } from '@/lib/accounts/two-factor-schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Whether every password user must use two-factor codes: {required}. */
export const GET = route({ auth: 'admin' }, ({ store }) => twoFactorPolicy(store));

/** A signed-in admin requires two-factor of everyone (or stops): {required}. Users without it must enrol at their next request. */
export const PUT = route({ auth: 'admin-session', body: twoFactorPolicySchema }, ({ store, body }) => setTwoFactorPolicy(store, body.required));
