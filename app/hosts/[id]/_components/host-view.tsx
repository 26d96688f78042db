'use client';

import Link from 'next/link';
import type { SeriesAnswer } from '@/lib/ui/chart-data';
import { chartSeries, hostSeriesBase, seriesKey } from '@/lib/ui/chart-specs';
import { ApiError, isStoreDown } from '@/app/_components/fetcher';
import { linkClass } from '@/app/_components/styles';
import { HostDashboard } from './host-dashboard';
import type { HostDetail } from './types';
import { useHostDashboard } from './use-host-dashboard';
import { useLiveWatch } from './use-live-watch';

/** A signed-in user's host page: the dashboard over the host API, and a way back once the host is deleted. */
export function HostView({
  hostId,
  initialDetail,
  initialSeries,
  initialSeriesKey,
  serverNow,
}: {
  hostId: string;
  initialDetail: HostDetail | null;
  initialSeries: SeriesAnswer | null;
  initialSeriesKey: string;
  serverNow: number;
}) {
  const base = `/api/v1/hosts/${encodeURIComponent(hostId)}`;
  const dash = useHostDashboard<HostDetail>({
    detailUrl: base,
    initialDetail,
    seriesKey: (sel) => seriesKey(chartSeries(hostSeriesBase(hostId), sel)),
    initialSeries,
    initialSeriesKey,
    processesUrl: (at) => `${base}/processes?at=${at}`,
    serverNow,
  });
  const { detail, series } = dash;
  useLiveWatch(hostId, dash.selection.kind === 'live' && detail.data?.host.disabled !== true);

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return (
      <div role="alert" className="space-y-2">
        <h1 className="text-xl font-semibold">This host no longer exists</h1>
        <p className="text-sm">
          It was deleted. <Link href="/" className={linkClass}>Back to the fleet</Link>
        </p>
      </div>
    );
  }
  const d = detail.data;
  const storeDown = isStoreDown(detail.error) || isStoreDown(series.error) || (!d && initialDetail === null);
  return <HostDashboard dash={dash} detail={d} storeDown={storeDown} retrying={!!d} />;
}
