import { disableTwoFactor } from '@/lib/accounts/two-factor';
import { disableTwoFactorSchema } from '@/lib/accounts/two-factor-schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Turns one's own two-factor off: {password, code} (a code from the app or a recovery code). */
export const POST = route({ auth: 'session', body: disableTwoFactorSchema, status: 204 }, ({ store, principal, body, now }) =>
  disableTwoFactor(store, principal.userId, body, now),
);
