import { beginEnrolment, twoFactorStatus } from '@/lib/accounts/two-factor';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** One's own two-factor state: {state: on|pending|off, recoveryCodesLeft, required, mustEnrol}. Open to a user who must enrol first. */
export const GET = route({ auth: 'session', duringEnrolment: true }, ({ store, principal }) => twoFactorStatus(store, principal.userId));

/** Starts setting up an authenticator app: a fresh secret (pending until confirmed) as {secret, groupedSecret, uri, qrCode}. */
export const POST = route({ auth: 'session', duringEnrolment: true, status: 201 }, ({ store, principal, now }) =>
  beginEnrolment(store, principal.userId, now),
);
