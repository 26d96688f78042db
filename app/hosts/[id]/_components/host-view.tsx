'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import useSWR from 'swr';
import { formatDateTime } from '@/lib/format';
import type { SeriesAnswer } from '@/lib/ui/chart-data';
import { seriesUrl } from '@/lib/ui/chart-specs';
import { parseRange, parseRefresh, processesAvailableAt, rangeSearch, refreshParam, resolveWindow, type RangeSelection } from '@/lib/ui/range';
import { ApiError, fetchJson, isStoreDown } from '@/app/_components/fetcher';
import { useNow } from '@/app/_components/relative-time';
import { StoreBanner } from '@/app/_components/store-banner';
import { linkClass } from '@/app/_components/styles';
import { HostCharts } from './host-charts';
import { HostHeader } from './host-header';
import { CoreStrip, FilesystemUsage, Temperatures } from './latest-state';
import { ProcessTable } from './process-table';
import { RangePicker } from './range-picker';
import type { HostDetail, ProcessesAnswer } from './types';
import { useLiveWatch } from './use-live-watch';

function writeUrl(search: string, mode: 'push' | 'replace') {
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

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
  const params = useSearchParams();
  const selection = useMemo(() => parseRange(params), [params]);
  const refreshMs = parseRefresh(params, selection);
  const base = `/api/v1/hosts/${encodeURIComponent(hostId)}`;
  const poll = { refreshInterval: refreshMs, keepPreviousData: true, dedupingInterval: Math.min(1_000, refreshMs || 1_000) };

  const detail = useSWR<HostDetail>(base, fetchJson, { ...poll, fallbackData: initialDetail ?? undefined });
  const key = seriesUrl(hostId, selection);
  const series = useSWR<SeriesAnswer>(key, fetchJson, { ...poll, fallbackData: key === initialSeriesKey && initialSeries ? initialSeries : undefined });
  const [pickedAt, setPickedAt] = useState<number | null>(null);
  const [pickNote, setPickNote] = useState<string | null>(null);
  const picked = useSWR<ProcessesAnswer>(pickedAt === null ? null : `${base}/processes?at=${pickedAt}`, fetchJson);
  useLiveWatch(hostId, selection.kind === 'live' && detail.data?.host.disabled !== true);
  const now = useNow(serverNow, 10_000);

  const onSelect = useCallback((sel: RangeSelection) => writeUrl(rangeSearch(sel, new URLSearchParams(window.location.search)), 'push'), []);
  const onRefresh = useCallback((ms: number) => {
    const next = new URLSearchParams(window.location.search);
    next.set('refresh', refreshParam(ms));
    writeUrl(next.toString(), 'replace');
  }, []);
  const onPick = useCallback((ts: number) => {
    if (processesAvailableAt(ts, Date.now())) {
      setPickedAt(ts);
      setPickNote(null);
    } else {
      setPickNote(`Processes are kept for 24 hours; ${formatDateTime(ts)} is older.`);
    }
  }, []);

  const d = detail.data;
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
  const storeDown = isStoreDown(detail.error) || isStoreDown(series.error) || (!d && initialDetail === null);
  const shownWindow = series.data ? { from: series.data.from, to: series.data.to } : resolveWindow(selection, now);
  const latest = d?.latest ?? null;
  const currentSnapshot = latest ? { ts: latest.ts, total: latest.processes.total, running: latest.processes.running, processes: latest.processes.top } : null;

  return (
    <div className="space-y-4">
      {storeDown && <StoreBanner retrying={!!d} />}
      {d ? <HostHeader detail={d} serverNow={serverNow} now={now} /> : <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker selection={selection} window={shownWindow} refreshMs={refreshMs} onSelect={onSelect} onRefresh={onRefresh} />
        <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="off">
          {latest && (
            <span data-testid="last-sample" data-ts={latest.ts} suppressHydrationWarning>
              Newest sample {formatDateTime(latest.ts)}
            </span>
          )}
          {series.data && <span className="ml-2">· {series.data.tier === 'raw' ? 'raw samples' : `${series.data.tier} averages with min–max`}</span>}
        </p>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Drag across a chart to zoom in; click a point from the last 24 h to see the processes at that time.</p>
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
        onZoom={onSelect}
        onPick={onPick}
      />
      {latest && (
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
          <FilesystemUsage latest={latest} />
          <CoreStrip latest={latest} />
          <Temperatures latest={latest} />
        </div>
      )}
      <ProcessTable
        snapshot={pickedAt === null ? currentSnapshot : (picked.data?.snapshot ?? null)}
        pickedAt={pickedAt}
        loading={pickedAt !== null && picked.isLoading}
        onBackToNow={() => setPickedAt(null)}
      />
    </div>
  );
}
