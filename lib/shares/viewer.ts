import 'server-only';
import type { Retention } from '@/lib/metrics/tiers';
import { HostNotFound } from '@/lib/errors';
import { parseAtParam, parseSeriesParams } from '@/lib/query/params';
import { hostDetails, processes, series, type SeriesRequest } from '@/lib/query/read-api';
import { watchHost } from '@/lib/query/watch';
import { listAlerts } from '@/lib/alerting/alert-views';
import type { ShareRecord, Store } from '@/lib/store/types';
import { openShare, openShareFor, type ShareRequest } from './access';
import { ProcessesNotShared, ShareNotFoundError } from './errors';
import { clampInstant, clampWindow } from './rules';
import { shareHostView, shareProcesses, shareSeries } from './view';

/**
 * What the share-scoped endpoints answer: the signed-in API's own query
 * functions, for the link's host only, with times clamped to the window the
 * link allows and every answer passed through the allow-list in view.ts.
 */

/** GET /api/v1/share/{token}: which host the link shows and what it allows. */
export async function sharedLink(store: Store, req: ShareRequest, now: number) {
  const share = await openShare(store, req, now);
  return { hostId: share.hostId, includeProcesses: share.includeProcesses, includeAlerts: share.includeAlerts === true, maxRangeMs: share.maxRangeMs, expiresAt: share.expiresAt };
}

async function detailOf(store: Store, share: ShareRecord, now: number) {
  try {
    return await hostDetails(store, share.hostId, now);
  } catch (err) {
    // The host went between the share lookup and this read: the link is gone with it.
    if (err instanceof HostNotFound) throw new ShareNotFoundError();
    throw err;
  }
}

/** The view of an opened link's host (the page's first render uses this too). */
export async function hostViewFor(store: Store, share: ShareRecord, now: number) {
  const [detail, alerts] = await Promise.all([
    detailOf(store, share, now),
    share.includeAlerts === true ? listAlerts(store, now, share.hostId).then((a) => a.alerts) : null,
  ]);
  return shareHostView(detail, share, alerts);
}

/** Series of an opened link's host, the window clamped to what the link allows. */
/** The link's series for a request, its window clamped to what the link allows. */
export async function seriesFor(store: Store, share: ShareRecord, request: SeriesRequest, now: number, retention: Retention) {
  const window = clampWindow({ from: request.from, to: request.to }, share.maxRangeMs, now);
  return shareSeries(await series(store, share.hostId, { ...request, ...window }, now, retention));
}

export async function sharedHost(store: Store, req: ShareRequest, hostId: string, now: number) {
  return hostViewFor(store, await openShareFor(store, req, hostId, now), now);
}

export async function sharedSeries(store: Store, req: ShareRequest, hostId: string, params: URLSearchParams, now: number, retention: Retention) {
  const share = await openShareFor(store, req, hostId, now);
  return seriesFor(store, share, parseSeriesParams(params, now, (w) => clampWindow(w, share.maxRangeMs, now)), now, retention);
}

export async function sharedProcesses(store: Store, req: ShareRequest, hostId: string, params: URLSearchParams, now: number) {
  const share = await openShareFor(store, req, hostId, now);
  if (!share.includeProcesses) throw new ProcessesNotShared();
  const at = parseAtParam(params);
  const answer = await processes(store, share.hostId, at === undefined ? undefined : clampInstant(at, share.maxRangeMs, now), now);
  return shareProcesses(answer.at, answer.snapshot);
}

/** Live mode for viewers: the same watch mark the dashboard sets, under the same per-address limit as every share request. */
export async function sharedWatch(store: Store, req: ShareRequest, hostId: string, now: number) {
  const share = await openShareFor(store, req, hostId, now);
  const { watchedUntil } = await watchHost(store, share.hostId, now);
  return { watchedUntil };
}
