import 'server-only';
import type { CounterStore, HostIngest, RecordStore, SeriesStore, Store, StoreParts } from './ports';
import type { FleetEntry, HostState } from './types';
import { TWO_FACTOR_METHODS } from './two-factor-port';

/**
 * Joins the three ports into the one Store the app uses. Each port may come
 * from a different backend (SQLite records with Redis series, say); callers
 * keep calling `store.x()` whatever answers it.
 */

// Complete method lists: the compiler checks each port is delegated in full, so a new port method cannot be forgotten here.
const RECORD_METHODS = [
  'createHost', 'getHost', 'findHostByTokenHash', 'listHosts', 'updateHost', 'deleteHost',
  'createUser', 'getUser', 'getUserByEmail', 'listUsers', 'updateUser', 'deleteUser',
  'findUserByIdentity', 'linkUserIdentity',
  'createApiToken', 'findApiTokenByHash', 'listApiTokens', 'touchApiToken', 'deleteApiToken',
  'createShare', 'findShareByHash', 'listShares', 'recordShareView', 'deleteShare',
  'getMeta', 'setMeta', 'setMetaIfAbsent',
  ...TWO_FACTOR_METHODS,
] as const satisfies readonly (keyof RecordStore)[];
const SERIES_METHODS = [
  'ingest', 'getHostState', 'getFleetStates', 'readSeries', 'listSeriesNames', 'getProcessSnapshot', 'deleteHostSeries',
] as const satisfies readonly (keyof SeriesStore)[];
const COUNTER_METHODS = ['hitRateLimit', 'resetRateLimit', 'markWatched'] as const satisfies readonly (keyof CounterStore)[];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const complete: [
  Complete<keyof RecordStore, (typeof RECORD_METHODS)[number]>,
  Complete<keyof SeriesStore, (typeof SERIES_METHODS)[number]>,
  Complete<keyof CounterStore, (typeof COUNTER_METHODS)[number]>,
] = [true, true, true];
void complete;

function delegate<P extends object, K extends keyof P>(port: P, names: readonly K[]): Pick<P, K> {
  const out = {} as Pick<P, K>;
  for (const name of names) {
    const fn = port[name];
    if (typeof fn !== 'function') throw new TypeError(`store port lacks ${String(name)}`);
    out[name] = fn.bind(port);
  }
  return out;
}

/**
 * The fleet as a join of the host records with their states. Both reads leave
 * at once: the states of the hosts the previous read saw are asked for
 * alongside the host list (on one Redis connection that is one round trip),
 * and only hosts added since then cost a second read.
 */
export function joinedFleet(records: RecordStore, series: SeriesStore): () => Promise<FleetEntry[]> {
  let knownIds: string[] = [];
  return async () => {
    const [hosts, known] = await Promise.all([records.listHosts(), series.getFleetStates(knownIds)]);
    const missing = hosts.filter((h) => !known.has(h.id)).map((h) => h.id);
    const states: Map<string, HostState | null> = missing.length === 0 ? known : new Map([...known, ...(await series.getFleetStates(missing))]);
    knownIds = hosts.map((h) => h.id);
    return hosts.map((host) => ({ host, state: states.get(host.id) ?? null }));
  };
}

/** The rate-limit key of a host's ingest; Redis gives it the host's hash tag (keys.ts), so its script reaches it. */
export const ingestLimitKey = (hostId: string) => `ingest:${hostId}`;

/** HostIngest as the three calls it stands for: the token lookup, the rate-limit hit, the ingest. */
export function composedHostIngest(records: RecordStore, counters: CounterStore, series: SeriesStore): HostIngest {
  return async (claim, limit, batch, receivedAt) => {
    const host = await records.findHostByTokenHash(claim.tokenHash);
    if (!host || host.id !== claim.hostId) return { kind: 'refused' };
    if (host.disabled) return { kind: 'disabled', host };
    const hit = await counters.hitRateLimit(ingestLimitKey(host.id), limit.windowMs, receivedAt);
    if (hit.count > limit.max) return { kind: 'limited', resetAt: hit.resetAt };
    return { kind: 'accepted', host, result: batch ? await series.ingest(host.id, batch, receivedAt) : null };
  };
}

export function composeStore(parts: StoreParts): Store {
  return {
    kind: parts.kind,
    ingestAsHost: parts.hostIngest ?? composedHostIngest(parts.records, parts.counters, parts.series),
    fusedIngest: parts.hostIngest !== undefined,
    alerts: parts.alerts,
    ...delegate(parts.records, RECORD_METHODS),
    ...delegate(parts.series, SERIES_METHODS),
    ...delegate(parts.counters, COUNTER_METHODS),
    getFleet: parts.fleet ?? joinedFleet(parts.records, parts.series),
    ping: () => parts.ping(),
    close: () => parts.close(),
  };
}

/**
 * Records from one backend, series and counters from another (SQLite records
 * with Redis series, say). The counters go with the series because the watch
 * mark must sit where ingest reads it; alerting goes with the records (rules
 * and channels are records, and its state is small); the fleet becomes the
 * joined read.
 * SQLite series key their rows by the SQLite host row, so they only go with
 * SQLite records of the same file (its own parts).
 */
export function mixParts(recordsFrom: StoreParts, seriesFrom: StoreParts): StoreParts {
  return {
    kind: recordsFrom.kind,
    records: recordsFrom.records,
    series: seriesFrom.series,
    counters: seriesFrom.counters,
    alerts: recordsFrom.alerts,
    ping: async () => void (await Promise.all([recordsFrom.ping(), seriesFrom.ping()])),
    close: async () => void (await Promise.all([recordsFrom.close(), seriesFrom.close()])),
  };
}
