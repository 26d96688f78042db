import { createWindowBody } from '@/lib/alerting/api-schemas';
import { createWindow, listWindows } from '@/lib/alerting/manage-windows';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ auth: 'viewer' }, ({ store }) => listWindows(store));

/** {name, scope, schedule} → 201 window. */
export const POST = route({ auth: 'admin', body: createWindowBody, status: 201 }, ({ store, body, now }) => createWindow(store, body, now));
