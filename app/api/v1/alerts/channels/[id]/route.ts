import { idParams, updateChannelBody } from '@/lib/alerting/api-schemas';
import { deleteChannel, getChannel, updateChannel } from '@/lib/alerting/manage-channels';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'admin', params: idParams }, ({ store, params }) => getChannel(store, params.id));

/** {name?, config?}: a secret sent back masked, empty or left out keeps its stored value. */
export const PATCH = route({ auth: 'admin', params: idParams, body: updateChannelBody }, ({ store, params, body, now }) =>
  updateChannel(store, params.id, body, now),
);

/** Rules that named it keep working without it. */
export const DELETE = route({ auth: 'admin', params: idParams, status: 204 }, ({ store, params, now }) => deleteChannel(store, params.id, now));
