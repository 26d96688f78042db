'use client';

import dynamic from 'next/dynamic';
import { useCallback, useMemo, type ReactNode } from 'react';
import { formatDateTime } from '@/lib/format';
import { deviceFamiliesOf } from '@/lib/ui/devices';
import type { AlertPeriod, AlertView } from '@/lib/ui/alerts/api-types';
import { areasByChart } from '@/lib/ui/alerts/chart-areas';
import { CHARTS } from '@/lib/ui/chart-specs';
import { resolveWindow, zoomOut, type PresetKey } from '@/lib/ui/range';
import { StoreBanner } from '@/app/_components/store-banner';
import { HostCharts } from './host-charts';
import { HostHeader } from './host-header';
import { CoreStrip, FilesystemUsage, Temperatures } from './latest-state';
import { ProcessTable } from './process-table';
import { RangePicker } from './range-picker';
import { TimeZoneSwitch } from './time-zone-switch';
import { DepthSections } from './sections/depth-sections';
import type { DashboardDetail } from './types';
import type { HostDashboardState } from './use-host-dashboard';
import { ChartUtcContext, useTimeZone } from './use-time-zone';

// Only hosts with services (systemd) load their table.
const ServicesSection = dynamic(() => import('./sections/services-section'), {
  loading: () => <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />,
});

// Only hosts with containers load the table and its charts.
const ContainersSection = dynamic(() => import('./sections/containers-section'), {
  loading: () => <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />,
});
// Only hosts with GPUs, SMART or sysfs drive health, fans or batteries load the device tables.
const DevicesSection = dynamic(() => import('./sections/devices-section'), {
  loading: () => <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />,
});

/**
 * One host's dashboard, for a signed-in user and for a share link's viewer:
 * header, range picker, charts, the newest sample's details and (when the
 * viewer may see them) the processes. It draws only what it is given, so a
 * share link shows no links or admin hints.
 */
export function HostDashboard({
  dash,
  detail,
  storeDown,
  retrying,
  presets,
  adminHints = true,
  notice,
  historyNote,
  alerts,
  depthSeriesBase,
}: {
  dash: HostDashboardState;
  /** Undefined until the first answer arrives (a skeleton stands in). */
  detail: DashboardDetail | undefined;
  storeDown: boolean;
  retrying: boolean;
  /** The range presets offered; all by default. */
  presets?: readonly PresetKey[];
  /** Hints only an admin can act on (how to get a host reporting). */
  adminHints?: boolean;
  /** A page's own status line above the header. */
  notice?: ReactNode;
  /** Said after the zoom hint (a share link: how far back its history goes). */
  historyNote?: ReactNode;
  /** The host's alerts, for signed-in users: firing ones in the header, their periods shaded on the charts. A share link has none. */
  alerts?: { current: AlertView[]; periods: AlertPeriod[] | undefined };
  /** The series endpoint of the per-disk, per-interface, … sections; without it (share links) they are not shown. */
  depthSeriesBase?: string;
}) {
  const { selection, refreshMs, series, picked, pickedAt, pickNote, showProcesses, now, serverNow, onSelect, onRefresh, onPick, onBackToNow } = dash;
  const shownWindow = series.data ? { from: series.data.from, to: series.data.to } : resolveWindow(selection, now);
  const latest = detail?.latest ?? null;
  const periods = alerts?.periods;
  // Keyed on the window's bounds, not its object: a re-render with the same window leaves the (memoised) charts alone.
  const { from: shownFrom, to: shownTo } = shownWindow;
  const areas = useMemo(() => (periods ? areasByChart(periods, CHARTS, { from: shownFrom, to: shownTo }) : undefined), [periods, shownFrom, shownTo]);
  const { tz, utc, browserZone, setTz } = useTimeZone();
  // A zoom out is a new range like any other: pushed, so Back returns to the one before.
  const onZoomOut = useCallback(() => onSelect(zoomOut({ from: shownFrom, to: shownTo }, Date.now())), [onSelect, shownFrom, shownTo]);
  const containerWiring = useMemo(() => (depthSeriesBase ? { seriesBase: depthSeriesBase, selection, refreshMs, onZoom: onSelect, onPick } : null), [depthSeriesBase, selection, refreshMs, onSelect, onPick]);
  const currentSnapshot = latest ? { ts: latest.ts, total: latest.processes.total, running: latest.processes.running, processes: latest.processes.top } : null;

  return (
    <ChartUtcContext value={utc}>
    <div className="space-y-4">
      {storeDown && <StoreBanner retrying={retrying} />}
      {notice}
      {detail ? (
        <HostHeader detail={detail} serverNow={serverNow} now={now} adminHints={adminHints} alerts={alerts?.current} />
      ) : (
        <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker selection={selection} window={shownWindow} refreshMs={refreshMs} onSelect={onSelect} onRefresh={onRefresh} presets={presets} tz={tz} onZoomOut={onZoomOut} />
        <TimeZoneSwitch tz={tz} browserZone={browserZone} onChange={setTz} />
        <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="off">
          {latest && (
            <span data-testid="last-sample" data-ts={latest.ts} suppressHydrationWarning>
              Newest sample {formatDateTime(latest.ts, utc)}
            </span>
          )}
          {series.data && <span className="ml-2">· {series.data.tier === 'raw' ? 'raw samples' : `${series.data.tier} averages with min–max`}</span>}
        </p>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Drag across a chart to zoom in{showProcesses ? '; click or tap a point from the last 24 h (or focus a chart, move with the arrow keys and press Enter) to see the processes at that time' : ''}.{historyNote && <> {historyNote}</>}
      </p>
      {pickNote && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
          {pickNote}
        </p>
      )}
      <HostCharts
        answer={series.data}
        memoryTotal={latest?.memory.total}
        hasTemperatures={(latest?.temperatures.length ?? 0) > 0}
        loading={series.isLoading}
        areas={areas}
        onZoom={onSelect}
        onPick={onPick}
        utc={utc}
        pickable={showProcesses}
      />
      {latest && (
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
          <FilesystemUsage latest={latest} />
          <CoreStrip latest={latest} />
          <Temperatures latest={latest} />
        </div>
      )}
      {latest?.containers && latest.containers.length > 0 && containerWiring && <ContainersSection containers={latest.containers} sampleTs={latest.ts} wiring={containerWiring} />}
      {latest?.services && latest.services.length > 0 && containerWiring && <ServicesSection services={latest.services} wiring={containerWiring} />}
      {latest && containerWiring && deviceFamiliesOf(latest).length > 0 && <DevicesSection latest={latest} wiring={containerWiring} />}
      {latest && depthSeriesBase && <DepthSections latest={latest} seriesBase={depthSeriesBase} selection={selection} refreshMs={refreshMs} onZoom={onSelect} onPick={onPick} />}
      {showProcesses && (
        <ProcessTable
          snapshot={pickedAt === null ? currentSnapshot : (picked.data?.snapshot ?? null)}
          pickedAt={pickedAt}
          loading={pickedAt !== null && picked.isLoading}
          onBackToNow={onBackToNow}
          utc={utc}
        />
      )}
    </div>
    </ChartUtcContext>
  );
}
