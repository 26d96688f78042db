'use client';

import { useParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { chartSeries, seriesKey } from '@/lib/ui/chart-specs';
import { allowedSelection, sharePresets, shareSeriesBase } from '@/lib/ui/share-range';
import type { ShareHostView, ShareSeries } from '@/lib/shares/view';
import type { RangeSelection } from '@/lib/ui/range';
import { ApiError, isStoreDown } from '@/app/_components/fetcher';
import { HostDashboard } from '@/app/hosts/[id]/_components/host-dashboard';
import { useHostDashboard } from '@/app/hosts/[id]/_components/use-host-dashboard';
import { useLiveWatch } from '@/app/hosts/[id]/_components/use-live-watch';
import { ShareMessage } from './share-shell';
import { SharedAlerts } from './shared-alerts';

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
 * share-scoped API: only the presets within the allowed history, processes
 * only when the link includes them, no admin hints. The token comes from the
 * address bar (useParams), so the page's props never carry it.
 */
export function ShareView({
  initialView,
  initialSeries,
  initialSelection,
  serverNow,
}: {
  initialView: ShareHostView;
  initialSeries: ShareSeries | null;
  /** The range the server answered `initialSeries` for. */
  initialSelection: RangeSelection;
  serverNow: number;
}) {
  const { token } = useParams<{ token: string }>();
  const hostId = initialView.host.id;
  const grant = initialView.share;
  const base = `/api/v1/share/${encodeURIComponent(token)}/hosts/${encodeURIComponent(hostId)}`;
  const presets = useMemo(() => sharePresets(grant.maxRangeMs), [grant.maxRangeMs]);
  const clampSelection = useCallback((sel: RangeSelection) => allowedSelection(sel, grant.maxRangeMs), [grant.maxRangeMs]);
  const dash = useHostDashboard<ShareHostView>({
    detailUrl: base,
    initialDetail: initialView,
    seriesKey: (sel) => seriesKey(chartSeries(shareSeriesBase(token, hostId), sel)),
    initialSeries,
    initialSeriesKey: seriesKey(chartSeries(shareSeriesBase(token, hostId), initialSelection)),
    processesUrl: grant.includeProcesses ? (at) => `${base}/processes?at=${at}` : undefined,
    clampSelection,
    serverNow,
  });
  const { detail: view, series, picked } = dash;
  const ended = endedBy(view.error, series.error, picked.error);
  useLiveWatch(hostId, dash.selection.kind === 'live' && !ended && view.data?.host.disabled !== true, `${base}/watch`);

  if (ended) {
    return (
      <ShareMessage title={ended === 'expired' ? 'This link has expired' : 'This link no longer works'} testId={`share-${ended}`}>
        <p>{ended === 'expired' ? 'The link to this host\u2019s dashboard is no longer valid.' : 'It was revoked.'} Ask whoever sent it for a new one.</p>
      </ShareMessage>
    );
  }
  const limited = [view.error, series.error].some((e) => e instanceof ApiError && e.status === 429);
  return (
    <HostDashboard
      dash={dash}
      detail={view.data ?? initialView}
      storeDown={isStoreDown(view.error) || isStoreDown(series.error)}
      retrying
      presets={presets}
      adminHints={false}
      depthSeriesBase={shareSeriesBase(token, hostId)}
      notice={
        <>
          {limited && (
            <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
              Too many requests from this address; the view pauses and resumes on its own.
            </p>
          )}
          {(view.data ?? initialView).alerts && <SharedAlerts alerts={(view.data ?? initialView).alerts!} now={serverNow} />}
        </>
      }
      historyNote={
        <>
          History back to {presets.length > 0 ? presets.at(-1)!.replace(/(\d+)([a-z]+)/, '$1 $2') : 'the last minutes'} is shared.
        </>
      }
    />
  );
}
