import { deleteUser, getUser, updateUser } from '@/lib/accounts/users';
import { updateUserSchema } from '@/lib/accounts/schemas';
import { parseJson, respondWith } from '@/lib/accounts/http';
import { authorizeAdmin } from '@/lib/auth/authorize';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { user: await getUser(store, (await params).id) };
  });
}

/** Admins rename, set the role of, or reset the password of a user: {name?, role?, password?}. */
export async function PATCH(request: Request, { params }: Context) {
  return respondWith(200, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    return { user: await updateUser(store, (await params).id, await parseJson(request, updateUserSchema)) };
  });
}

/** Admins delete a user (never the last admin); their API tokens go too. */
export async function DELETE(request: Request, { params }: Context) {
  return respondWith(204, async () => {
    const store = getStore();
    await authorizeAdmin(request, store);
    await deleteUser(store, (await params).id);
  });
}
