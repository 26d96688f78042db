import { updateUserSchema } from '@/lib/accounts/schemas';
import { deleteUser, getUser, updateUser } from '@/lib/accounts/users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** One user (admins). */
export const GET = route({ auth: 'admin' }, async ({ store, params }) => ({ user: await getUser(store, params.id) }));

/** Admins rename, set the role of, or reset the password of a user: {name?, role?, password?}. */
export const PATCH = route({ auth: 'admin', body: updateUserSchema }, async ({ store, params, body }) => ({
  user: await updateUser(store, params.id, body),
}));

/** Admins delete a user (never the last admin); their API tokens go too. */
export const DELETE = route({ auth: 'admin', status: 204 }, ({ store, params }) => deleteUser(store, params.id));
