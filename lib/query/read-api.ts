import 'server-only';
import type { Retention } from '@/lib/metrics/tiers';
import { HostNotFound, InvalidInput, NoHostsYet } from '@/lib/errors';
import type { HostRecord, Store } from '@/lib/store/types';
import { alignRaw, alignToGrid } from '@/lib/metrics/align';
import { earliestData } from './earliest';
import { fleetEntry, hostDetail } from './host-view';
import { resolveMetrics, type MetricAlias, type MetricGroup } from './metric-names';
import { parseAtParam, parseSeriesParams, type TimeRange } from './params';
import { chooseTier } from './tier-select';

/**
 * The read side of the API over any store backend: each function is what one
 * endpoint answers. Shapes and rules live in the pure modules beside this one.
 */

async function requireHost(store: Store, hostId: string): Promise<HostRecord> {
  const host = await store.getHost(hostId);
  if (!host) throw new HostNotFound(hostId);
  return host;
}

export async function fleet(store: Store, now: number) {
  const rows = await store.getFleet();
  const hosts = rows.map(({ host, state }) => fleetEntry(host, state, now));
  hosts.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { hosts };
}

export async function hostDetails(store: Store, hostId: string, now: number) {
  const [host, state] = await Promise.all([requireHost(store, hostId), store.getHostState(hostId)]);
  return hostDetail(host, state, now);
}

export interface SeriesRequest extends TimeRange {
  metrics: string[] | null;
}

export async function series(store: Store, hostId: string, req: SeriesRequest, now: number, retention: Retention, group?: MetricGroup) {
  const [, state, available] = await Promise.all([
    requireHost(store, hostId),
    store.getHostState(hostId),
    store.listSeriesNames(hostId),
  ]);
  const metrics = resolveMetrics(req.metrics, available, group);
  const { tier, stepMs } = chooseTier({ ...req, now, retention, rawIntervalMs: state?.latest.intervalMs });
  const start = tier.bucketMs === 0 ? req.from : req.from - (req.from % stepMs);
  const rows = await store.readSeries(hostId, tier.name, metrics, start, req.to, now);
  const aligned =
    tier.bucketMs === 0 ? alignRaw(rows, metrics, req.from, req.to, req.points, stepMs) : alignToGrid(rows, metrics, req.from, req.to, stepMs);
  // An empty answer says where the host's history begins (null: nowhere), so the charts can tell "not yet" from "none here".
  const earliest: number | null | undefined = rows.length > 0 ? undefined : await earliestData(store, hostId, available, now, retention);
  return { hostId, tier: tier.name, from: req.from, to: req.to, processesKeptMs: retention.rawMs, ...aligned, ...(earliest === undefined ? {} : { earliest }) };
}

/** `now` bounds how far back a snapshot may be (raw retention); the routes take it at the edge. */
export async function processes(store: Store, hostId: string, at: number | undefined, now: number = Date.now()) {
  const [, snapshot] = await Promise.all([requireHost(store, hostId), store.getProcessSnapshot(hostId, at, now)]);
  return { hostId, at: at ?? null, snapshot };
}

/** `?host=` of the seed design's aliases: optional when exactly one host exists. */
export async function resolveHostParam(store: Store, params: URLSearchParams): Promise<string> {
  const id = params.get('host');
  if (id) return id;
  const hosts = await store.listHosts();
  if (hosts.length === 1) return hosts[0]!.id;
  if (hosts.length === 0) throw new NoHostsYet();
  throw new InvalidInput('host_required', `There are ${hosts.length} hosts; name one with ?host=<id>.`);
}

/*
 * The seed design's /api/v1/metrics/* endpoints: the same answers as the
 * host endpoints, with the host from ?host= (optional when there is one host).
 */

export async function aliasSeries(store: Store, params: URLSearchParams, now: number, retention: Retention, group: MetricGroup) {
  const query = parseSeriesParams(params, now);
  return series(store, await resolveHostParam(store, params), query, now, retention, group);
}

export async function aliasCurrent(store: Store, params: URLSearchParams, now: number) {
  return hostDetails(store, await resolveHostParam(store, params), now);
}

export async function aliasProcesses(store: Store, params: URLSearchParams, now: number = Date.now()) {
  const at = parseAtParam(params);
  return processes(store, await resolveHostParam(store, params), at, now);
}

/** GET /api/v1/metrics/{name}: one of the aliases above by its name. */
export async function metricAlias(store: Store, name: MetricAlias, params: URLSearchParams, now: number, retention: Retention) {
  if (name === 'current') return aliasCurrent(store, params, now);
  if (name === 'processes') return aliasProcesses(store, params);
  return aliasSeries(store, params, now, retention, name);
}
