import { getUser } from '@/lib/accounts/users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Who is calling: the user, and whether through a session or an API token (with its scope). Open to a user who must enrol in two-factor first. */
export const GET = route({ auth: 'viewer', duringEnrolment: true }, async ({ store, principal }) => {
  const via = principal.kind === 'session' ? { kind: 'session' } : { kind: 'api-token', tokenId: principal.tokenId, scope: principal.scope };
  return { user: await getUser(store, principal.userId), via };
});
