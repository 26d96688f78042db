import { changePasswordSchema } from '@/lib/accounts/schemas';
import { changeOwnPassword } from '@/lib/accounts/users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** A signed-in user changes their own password: {currentPassword, newPassword}. Their sessions end; sign in again. */
export const POST = route({ auth: 'session', body: changePasswordSchema, status: 204 }, ({ store, principal, body }) =>
  changeOwnPassword(store, principal.userId, body),
);
