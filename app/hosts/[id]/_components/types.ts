import type { hostDetail } from '@/lib/query/host-view';
import type { SharedSystem } from '@/lib/shares/view';

/** GET /api/v1/hosts/{id}: the same shape the server component reads through lib/query. */
export type HostDetail = ReturnType<typeof hostDetail>;

/**
 * What the host dashboard draws: the part of a host's detail that both the
 * signed-in API and a share link's view answer. A viewer's answer has no
 * machine hostname, creation time, collector counters or series caps, and
 * the dashboard draws without them: nothing is filled in in the browser.
 */
export type DashboardDetail = Pick<HostDetail, 'status' | 'lastSeen' | 'clockSkewMs' | 'droppedTotal' | 'latest'> & {
  host: Pick<HostDetail['host'], 'id' | 'name' | 'tags' | 'disabled'>;
  system: (SharedSystem & { hostname?: string }) | null;
  seriesCapped?: HostDetail['seriesCapped'];
};

export interface ProcessesAnswer {
  hostId: string;
  at: number | null;
  snapshot: { ts: number; total: number; running: number; processes: NonNullable<HostDetail['latest']>['processes']['top'] } | null;
}
