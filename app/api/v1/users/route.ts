import { createUserSchema } from '@/lib/accounts/schemas';
import { createUser, listUsers } from '@/lib/accounts/users';
import { withTwoFactorState } from '@/lib/accounts/two-factor';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Admins list users (a session or an admin-scope token), each with their two-factor state (`twoFactor`: on, pending or off). */
export const GET = route({ auth: 'admin' }, async ({ store }) => ({ users: await withTwoFactorState(store, await listUsers(store)) }));

/** A signed-in admin creates a user: {email, name?, role?, password}. Never an API token: credentials need the person. */
export const POST = route({ auth: 'admin-session', body: createUserSchema, status: 201 }, async ({ store, body }) => ({
  user: await createUser(store, body),
}));
