import { createChannelBody } from '@/lib/alerting/api-schemas';
import { createChannel, listChannels } from '@/lib/alerting/manage-channels';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Notification channels, secrets masked. */
export const GET = route({ auth: 'admin' }, ({ store }) => listChannels(store));

/** {name, kind, config} or {name, url} (Shoutrrr) → 201 channel, secrets masked. */
export const POST = route({ auth: 'admin', body: createChannelBody, status: 201 }, ({ store, body, now }) => createChannel(store, body, now));
