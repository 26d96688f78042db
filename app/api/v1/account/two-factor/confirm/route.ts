import { confirmEnrolment } from '@/lib/accounts/two-factor';
import { confirmTwoFactorSchema } from '@/lib/accounts/two-factor-schemas';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Turns two-factor on with a code from the app: {code} → {recoveryCodes} (ten, shown only in this answer). */
export const POST = route({ auth: 'session', duringEnrolment: true, body: confirmTwoFactorSchema }, ({ store, principal, body, now }) =>
  confirmEnrolment(store, principal.userId, body, now),
);
