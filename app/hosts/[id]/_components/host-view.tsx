'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import useSWR from 'swr';
import type { AlertsAnswer, HostAlertPeriods } from '@/lib/ui/alerts/api-types';
import { alertPeriodsKey } from '@/lib/ui/alerts/periods-key';
import { ALERTS_URL, sortAlerts } from '@/lib/ui/alerts/summary';
import type { SeriesAnswer } from '@/lib/ui/chart-data';
import { chartSeries, hostSeriesBase, seriesKey } from '@/lib/ui/chart-specs';
import { ApiError, fetchJson, isStoreDown } from '@/app/_components/fetcher';
import { linkClass } from '@/app/_components/styles';
import { HostDashboard } from './host-dashboard';
import type { HostDetail } from './types';
import { useHostDashboard } from './use-host-dashboard';
import { useLiveWatch } from './use-live-watch';

/**
 * A signed-in user's host page: the dashboard over the host API with the
 * host's alerts (firing ones in the header, from the alert list the
 * navigation polls; alert periods shaded on the charts, for the range shown),
 * and a way back once the host is deleted.
 */
export function HostView({
  hostId,
  initialDetail,
  initialSeries,
  initialSeriesKey,
  initialAlerts = null,
  initialPeriods = null,
  initialPeriodsKey = '',
  serverNow,
}: {
  hostId: string;
  initialDetail: HostDetail | null;
  initialSeries: SeriesAnswer | null;
  initialSeriesKey: string;
  initialAlerts?: AlertsAnswer | null;
  initialPeriods?: HostAlertPeriods | null;
  initialPeriodsKey?: string;
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
  const alertList = useSWR<AlertsAnswer>(ALERTS_URL, fetchJson, { fallbackData: initialAlerts ?? undefined, refreshInterval: 15_000, keepPreviousData: true });
  const periodsKey = alertPeriodsKey(hostId, dash.selection);
  const periods = useSWR<HostAlertPeriods>(periodsKey, fetchJson, {
    fallbackData: periodsKey === initialPeriodsKey && initialPeriods ? initialPeriods : undefined,
    // Live asks every second for samples; periods change at transitions only.
    refreshInterval: dash.refreshMs === 0 ? 0 : Math.max(dash.refreshMs, 15_000),
    keepPreviousData: true,
  });
  const current = useMemo(() => sortAlerts((alertList.data?.alerts ?? []).filter((a) => a.hostId === hostId)), [alertList.data, hostId]);
  const alerts = useMemo(() => ({ current, periods: periods.data?.periods }), [current, periods.data]);
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
  return <HostDashboard dash={dash} detail={d} storeDown={storeDown} retrying={!!d} alerts={alerts} depthSeriesBase={hostSeriesBase(hostId)} />;
}
