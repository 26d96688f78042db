import { idParams } from '@/lib/alerting/api-schemas';
import { channelLog } from '@/lib/alerting/manage-channels';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The channel's last delivery attempts, newest first. */
export const GET = route({ auth: 'admin', params: idParams }, ({ store, params }) => channelLog(store, params.id));
