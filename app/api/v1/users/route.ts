import { createUserSchema } from '@/lib/accounts/schemas';
import { createUser, listUsers } from '@/lib/accounts/users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Admins list users. */
export const GET = route({ auth: 'admin' }, async ({ store }) => ({ users: await listUsers(store) }));

/** Admins create a user: {email, name?, role?, password}. */
export const POST = route({ auth: 'admin', body: createUserSchema, status: 201 }, async ({ store, body }) => ({
  user: await createUser(store, body),
}));
