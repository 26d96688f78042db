/** The sparkline series of one fleet row (client-safe mirror of the sparklines endpoint's keys). */
export const SPARK_KEYS = ['cpu', 'mem', 'disk', 'rx', 'tx', 'load'] as const;
export type SparkKey = (typeof SPARK_KEYS)[number];

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
