import { changeOwnPassword } from '@/lib/accounts/users';
import { changePasswordSchema } from '@/lib/accounts/schemas';
import { parseJson, respondWith } from '@/lib/accounts/http';
import { authorizeRead } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** A signed-in user changes their own password: {currentPassword, newPassword}. Their sessions end; sign in again. */
export async function POST(request: Request) {
  return respondWith(204, async () => {
    const store = getStore();
    const principal = await authorizeRead(request, store);
    requireSession(principal);
    await changeOwnPassword(store, principal.userId, await parseJson(request, changePasswordSchema));
  });
}
