import { idParams } from '@/lib/alerting/api-schemas';
import { testSavedChannel } from '@/lib/alerting/test-channel';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Sends a test message now → {ok, status, detail}. */
export const POST = route({ auth: 'admin', params: idParams }, ({ store, params, now }) => testSavedChannel(store, params.id, now));
