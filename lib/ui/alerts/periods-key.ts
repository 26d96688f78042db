import { apiRangeQuery, type RangeSelection } from '@/lib/ui/range';

/** The host page's alert-periods request for a range (also its SWR key); the server page builds the same one for its first answer. */
export const alertPeriodsKey = (hostId: string, sel: RangeSelection) => `/api/v1/hosts/${encodeURIComponent(hostId)}/alert-periods?${apiRangeQuery(sel)}`;
