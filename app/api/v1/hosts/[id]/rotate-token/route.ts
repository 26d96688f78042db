import { rotateHostToken } from '@/lib/accounts/hosts';
import { publicServerUrl } from '@/lib/accounts/server-url';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Admins replace a host's ingest token: the old one fails on its next post. Answers {id, token, installCommand, host} once. */
export const POST = route({ auth: 'admin' }, ({ store, params, request }) => rotateHostToken(store, params.id, publicServerUrl(request)));
