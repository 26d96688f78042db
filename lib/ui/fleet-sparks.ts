import type { SparkKey } from '@/lib/query/fleet-overview';

export type { SparkKey };

export interface SparklinesAnswer {
  from: number;
  to: number;
  hosts: Record<string, Record<SparkKey, (number | null)[]>>;
}

/** The sparklines request for a page of rows: ids sorted so the same page is the same cache key. */
export function sparklinesUrl(ids: string[]): string | null {
  if (ids.length === 0) return null;
  return `/api/v1/fleet/sparklines?ids=${[...ids].sort().map(encodeURIComponent).join(',')}`;
}
