import { idParams } from '@/lib/alerting/api-schemas';
import { deleteWindow } from '@/lib/alerting/manage-windows';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const DELETE = route({ auth: 'admin', params: idParams, status: 204 }, ({ store, params }) => deleteWindow(store, params.id));
