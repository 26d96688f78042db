import { testChannelBody } from '@/lib/alerting/api-schemas';
import { testUnsavedChannel } from '@/lib/alerting/test-channel';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Tests an unsaved {kind, config} or {url} (with `id`, a saved channel's secrets fill the masked ones) → {ok, status, detail}. */
export const POST = route({ auth: 'admin', body: testChannelBody }, ({ store, body, now }) => testUnsavedChannel(store, body, now));
