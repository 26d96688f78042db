import { updateUserSchema } from '@/lib/accounts/schemas';
import { deleteUser, getUser, updateUser } from '@/lib/accounts/users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** One user (admins: a session or an admin-scope token). */
export const GET = route({ auth: 'admin' }, async ({ store, params }) => ({ user: await getUser(store, params.id) }));

/** A signed-in admin renames, sets the role of, or resets the password of a user: {name?, role?, password?}. Never an API token. */
export const PATCH = route({ auth: 'admin-session', body: updateUserSchema }, async ({ store, params, body }) => ({
  user: await updateUser(store, params.id, body),
}));

/** A signed-in admin deletes a user (never the last admin); their API tokens go too. Never an API token. */
export const DELETE = route({ auth: 'admin-session', status: 204 }, ({ store, params }) => deleteUser(store, params.id));
