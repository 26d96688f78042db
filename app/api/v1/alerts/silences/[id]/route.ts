import { idParams } from '@/lib/alerting/api-schemas';
import { deleteSilence } from '@/lib/alerting/manage-silences';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const DELETE = route({ auth: 'admin', params: idParams, status: 204 }, ({ store, params }) => deleteSilence(store, params.id));
