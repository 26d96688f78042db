import { createUser, listUsers } from '@/lib/accounts/users';
import { createUserSchema } from '@/lib/accounts/schemas';
import { parseJson, respondWith } from '@/lib/accounts/http';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Admins list users. */
export async function GET(request: Request) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { users: await listUsers(store) };
  });
}

/** Admins create a user: {email, name?, role?, password}. */
export async function POST(request: Request) {
  return respondWith(201, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { user: await createUser(store, await parseJson(request, createUserSchema)) };
  });
}
