'use client';

import { useParams, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import useSWR from 'swr';
import { formatDateTime } from '@/lib/format';
import { allowedSelection, sharePresets, shareSeriesQuery } from '@/lib/shares/range';
import type { ShareHostView, ShareProcesses, ShareSeries } from '@/lib/shares/view';
import { parseRange, parseRefresh, processesAvailableAt, rangeSearch, refreshParam, resolveWindow, type RangeSelection } from '@/lib/ui/range';
import { ApiError, fetchJson, isStoreDown } from '@/app/_components/fetcher';
import { useNow } from '@/app/_components/relative-time';
import { StoreBanner } from '@/app/_components/store-banner';
import { HostCharts } from '@/app/hosts/[id]/_components/host-charts';
import { HostHeader } from '@/app/hosts/[id]/_components/host-header';
import { CoreStrip, FilesystemUsage, Temperatures } from '@/app/hosts/[id]/_components/latest-state';
import { ProcessTable } from '@/app/hosts/[id]/_components/process-table';
import { RangePicker } from '@/app/hosts/[id]/_components/range-picker';
import { useLiveWatch } from '@/app/hosts/[id]/_components/use-live-watch';
import { ShareMessage } from './share-shell';
import { asHostDetail } from './as-host-detail';

function writeUrl(search: string, mode: 'push' | 'replace') {
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/** 404 (revoked, unknown) and 410 (expired) end the view: the link no longer shows anything. */
function endedBy(...errors: unknown[]): 'revoked' | 'expired' | null {
  for (const e of errors) {
    if (e instanceof ApiError && e.status === 404) return 'revoked';
    if (e instanceof ApiError && e.status === 410) return 'expired';
  }
  return null;
}

/**
 * The shared host, drawn with the dashboard's own components from the
 * share-scoped API. The token comes from the address bar (useParams), so
 * the page's props never carry it.
 */
export function ShareView({
  initialView,
  initialSeries,
  initialQuery,
  serverNow,
}: {
  initialView: ShareHostView;
  initialSeries: ShareSeries | null;
  initialQuery: string;
  serverNow: number;
}) {
  const { token } = useParams<{ token: string }>();
  const hostId = initialView.host.id;
  const grant = initialView.share;
  const base = `/api/v1/share/${encodeURIComponent(token)}/hosts/${encodeURIComponent(hostId)}`;
  const params = useSearchParams();
  const selection = useMemo(() => allowedSelection(parseRange(params), grant.maxRangeMs), [params, grant.maxRangeMs]);
  const presets = useMemo(() => sharePresets(grant.maxRangeMs), [grant.maxRangeMs]);
  const refreshMs = parseRefresh(params, selection);
  const poll = { refreshInterval: refreshMs, keepPreviousData: true, dedupingInterval: Math.min(1_000, refreshMs || 1_000) };

  const view = useSWR<ShareHostView>(base, fetchJson, { ...poll, fallbackData: initialView });
  const query = shareSeriesQuery(selection);
  const series = useSWR<ShareSeries>(`${base}/series?${query}`, fetchJson, {
    ...poll,
    fallbackData: query === initialQuery && initialSeries ? initialSeries : undefined,
  });
  const [pickedAt, setPickedAt] = useState<number | null>(null);
  const [pickNote, setPickNote] = useState<string | null>(null);
  const picked = useSWR<ShareProcesses>(grant.includeProcesses && pickedAt !== null ? `${base}/processes?at=${pickedAt}` : null, fetchJson);
  const ended = endedBy(view.error, series.error, picked.error);
  useLiveWatch(hostId, selection.kind === 'live' && !ended && view.data?.host.disabled !== true, `${base}/watch`);
  const now = useNow(serverNow, 10_000);

  const onSelect = useCallback((sel: RangeSelection) => writeUrl(rangeSearch(sel, new URLSearchParams(window.location.search)), 'push'), []);
  const onRefresh = useCallback((ms: number) => {
    const next = new URLSearchParams(window.location.search);
    next.set('refresh', refreshParam(ms));
    writeUrl(next.toString(), 'replace');
  }, []);
  const onPick = useCallback(
    (ts: number) => {
      if (!grant.includeProcesses) return;
      if (processesAvailableAt(ts, Date.now())) {
        setPickedAt(ts);
        setPickNote(null);
      } else {
        setPickNote(`Processes are kept for 24 hours; ${formatDateTime(ts)} is older.`);
      }
    },
    [grant.includeProcesses],
  );

  if (ended) {
    return (
      <ShareMessage title={ended === 'expired' ? 'This link has expired' : 'This link no longer works'} testId={`share-${ended}`}>
        <p>{ended === 'expired' ? 'The link to this host\u2019s dashboard is no longer valid.' : 'It was revoked.'} Ask whoever sent it for a new one.</p>
      </ShareMessage>
    );
  }
  const v = view.data ?? initialView;
  const detail = asHostDetail(v);
  const latest = v.latest;
  const storeDown = isStoreDown(view.error) || isStoreDown(series.error);
  const limited = [view.error, series.error].some((e) => e instanceof ApiError && e.status === 429);
  const shownWindow = series.data ? { from: series.data.from, to: series.data.to } : resolveWindow(selection, now);
  const currentSnapshot = latest ? { ts: latest.ts, total: latest.processes.total, running: latest.processes.running, processes: latest.processes.top } : null;

  return (
    <div className="space-y-4">
      {storeDown && <StoreBanner retrying />}
      {limited && (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          Too many requests from this address; the view pauses and resumes on its own.
        </p>
      )}
      <HostHeader detail={detail} serverNow={serverNow} now={now} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker selection={selection} window={shownWindow} refreshMs={refreshMs} onSelect={onSelect} onRefresh={onRefresh} presets={presets} />
        <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="off">
          {latest && (
            <span data-testid="last-sample" data-ts={latest.ts} suppressHydrationWarning>
              Newest sample {formatDateTime(latest.ts)}
            </span>
          )}
          {series.data && <span className="ml-2">· {series.data.tier === 'raw' ? 'raw samples' : `${series.data.tier} averages with min–max`}</span>}
        </p>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Drag across a chart to zoom in{grant.includeProcesses ? '; click a point from the last 24 h to see the processes at that time' : ''}. History back to{' '}
        {presets.length > 0 ? presets.at(-1)!.replace(/(\d+)([a-z]+)/, '$1 $2') : 'the last minutes'} is shared.
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
      {grant.includeProcesses && (
        <ProcessTable
          snapshot={pickedAt === null ? currentSnapshot : (picked.data?.snapshot ?? null)}
          pickedAt={pickedAt}
          loading={pickedAt !== null && picked.isLoading}
          onBackToNow={() => setPickedAt(null)}
        />
      )}
    </div>
  );
}
