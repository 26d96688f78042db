import type { ShareHostView } from '@/lib/shares/view';
import type { HostDetail } from '@/app/hosts/[id]/_components/types';

/**
 * The dashboard's header reads the signed-in API's host shape; a viewer's
 * answer holds less. The missing parts are filled with neutral values here,
 * in the browser, so nothing extra ever crosses the wire: the machine's
 * hostname becomes the host's shared name (the header then shows no second
 * name), the creation time, collector counters and series caps are blank.
 */
export function asHostDetail(v: ShareHostView): HostDetail {
  return {
    host: { ...v.host, createdAt: 0 },
    status: v.status,
    lastSeen: v.lastSeen,
    clockSkewMs: v.clockSkewMs,
    counters: null,
    droppedTotal: v.droppedTotal,
    seriesCapped: null,
    system: v.system ? { ...v.system, hostname: v.host.name } : null,
    latest: v.latest,
  };
}
