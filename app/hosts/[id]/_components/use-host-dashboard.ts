'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import useSWR from 'swr';
import { formatDateTime, formatDuration } from '@/lib/format';
import type { SeriesAnswer } from '@/lib/ui/chart-data';
import { parseRange, parseRefresh, processesAvailableAt, rangeSearch, refreshParam, type RangeSelection } from '@/lib/ui/range';
import { fetchJson } from '@/app/_components/fetcher';
import { useNow } from '@/app/_components/relative-time';
import type { ProcessesAnswer } from './types';

/** Where one host's dashboard reads from: the signed-in API, or a share link's scoped API. */
export interface DashboardSource<D> {
  /** The host's header and newest sample, polled. */
  detailUrl: string;
  initialDetail: D | null;
  /** The series request (also its SWR key) for a range. */
  seriesKey: (sel: RangeSelection) => string;
  initialSeries: SeriesAnswer | null;
  /** The key `initialSeries` answers; the server page builds it the same way. */
  initialSeriesKey: string;
  /** The stored processes at a time; without it the viewer sees no processes. */
  processesUrl?: (at: number) => string;
  /** Narrows the range in the URL to what the viewer may see (keep it stable: it is a memo dependency). */
  clampSelection?: (sel: RangeSelection) => RangeSelection;
  serverNow: number;
}

function writeUrl(search: string, mode: 'push' | 'replace') {
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/**
 * The data wiring of a host's dashboard: the range and refresh from the URL,
 * the polled header and series, the processes at a picked time, and the
 * handlers that write the URL. The pages add their own end states and Live
 * watch on top, and draw the result with HostDashboard.
 */
export function useHostDashboard<D>({
  detailUrl,
  initialDetail,
  seriesKey,
  initialSeries,
  initialSeriesKey,
  processesUrl,
  clampSelection,
  serverNow,
}: DashboardSource<D>) {
  const params = useSearchParams();
  const selection = useMemo(() => (clampSelection ? clampSelection(parseRange(params)) : parseRange(params)), [params, clampSelection]);
  const refreshMs = parseRefresh(params, selection);
  const poll = { refreshInterval: refreshMs, keepPreviousData: true, dedupingInterval: Math.min(1_000, refreshMs || 1_000) };

  const detail = useSWR<D>(detailUrl, fetchJson, { ...poll, fallbackData: initialDetail ?? undefined });
  const key = seriesKey(selection);
  const series = useSWR<SeriesAnswer>(key, fetchJson, { ...poll, fallbackData: key === initialSeriesKey && initialSeries ? initialSeries : undefined });
  const [pickedAt, setPickedAt] = useState<number | null>(null);
  const [pickNote, setPickNote] = useState<string | null>(null);
  const picked = useSWR<Pick<ProcessesAnswer, 'snapshot'>>(processesUrl && pickedAt !== null ? processesUrl(pickedAt) : null, fetchJson);
  const now = useNow(serverNow, 10_000);
  const showProcesses = processesUrl !== undefined;

  const onSelect = useCallback((sel: RangeSelection) => writeUrl(rangeSearch(sel, new URLSearchParams(window.location.search)), 'push'), []);
  const onRefresh = useCallback((ms: number) => {
    const next = new URLSearchParams(window.location.search);
    next.set('refresh', refreshParam(ms));
    writeUrl(next.toString(), 'replace');
  }, []);
  const onPick = useCallback(
    (ts: number) => {
      if (!showProcesses) return;
      const keptMs = series.data?.processesKeptMs ?? 0;
      if (processesAvailableAt(ts, Date.now(), keptMs)) {
        setPickedAt(ts);
        setPickNote(null);
      } else {
        setPickNote(`Processes are kept for ${formatDuration(keptMs)}; ${formatDateTime(ts)} is older.`);
      }
    },
    [showProcesses, series.data?.processesKeptMs],
  );
  const onBackToNow = useCallback(() => setPickedAt(null), []);

  return { selection, refreshMs, detail, series, picked, pickedAt, pickNote, showProcesses, now, serverNow, onSelect, onRefresh, onPick, onBackToNow };
}

/** What HostDashboard draws from; the page reads the header data itself (its shape differs by API). */
export type HostDashboardState = Omit<ReturnType<typeof useHostDashboard<unknown>>, 'detail'>;
