import { channelKinds } from '@/lib/alerting/channel-kinds';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The kinds of channel with their settings, for building forms. */
export const GET = route({ auth: 'admin' }, () => channelKinds());
