import type { hostDetail } from '@/lib/query/host-view';

/** GET /api/v1/hosts/{id}: the same shape the server component reads through lib/query. */
export type HostDetail = ReturnType<typeof hostDetail>;

export interface ProcessesAnswer {
  hostId: string;
  at: number | null;
  snapshot: { ts: number; total: number; running: number; processes: NonNullable<HostDetail['latest']>['processes']['top'] } | null;
}
