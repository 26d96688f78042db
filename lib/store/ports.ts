import type { AlertStore } from './alert-port';
import type {
  ApiTokenRecord, FleetEntry, HostPatch, HostRecord, HostState, IngestBatch, IngestResult, ProcessSnapshot, RateLimitHit, SeriesRow, ShareRecord,
  StoreKind, TierName, UserIdentity, UserPatch, UserRecord,
} from './types';
import type { TwoFactorRecords } from './two-factor-port';

/**
 * The store as cohesive ports (the fourth, AlertStore, is in alert-port.ts). Each backend implements each port; the
 * composition (compose.ts) joins them into the one Store the app uses, so a
 * deployment could take its records from one backend and its series from
 * another. Cascades (a host's shares and series, a user's tokens) are domain
 * rules in lib/accounts and lib/shares: no port method deletes anything but
 * what it names.
 *
 * Reads that depend on "now" (retention floors) take it as a parameter, so
 * the caller owns the clock and tests can move it instead of sleeping.
 */

/** Hosts, users (and their two-factor records), API tokens, share links and small settings. Updates are atomic on every backend. */
export interface RecordStore extends TwoFactorRecords {
  createHost(host: HostRecord): Promise<void>;
  getHost(id: string): Promise<HostRecord | null>;
  findHostByTokenHash(tokenHash: string): Promise<HostRecord | null>;
  listHosts(): Promise<HostRecord[]>;
  /**
   * Applies the patch to the current record atomically (a concurrent update of other fields is never lost); the old
   * token hash stops matching in the same step. StoreConflictError when the new token hash is another host's.
   */
  updateHost(id: string, patch: HostPatch): Promise<HostRecord | null>;
  /** Removes the host record and its token index in one atomic step; nothing else. */
  deleteHost(id: string): Promise<boolean>;

  createUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  getUserByEmail(email: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Atomic like updateHost: a password reset racing a role change keeps both. */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /** Removes the user only (their API tokens are the domain's to remove) and frees their identities. */
  deleteUser(id: string): Promise<boolean>;
  /** The user an identity (provider, subject) is linked to, or null. */
  findUserByIdentity(provider: string, subject: string): Promise<UserRecord | null>;
  /**
   * Links the identity to the user in one atomic step and returns the user as stored (unchanged when already
   * linked to them); null when the user does not exist; StoreConflictError when another user has it.
   */
  linkUserIdentity(userId: string, identity: UserIdentity): Promise<UserRecord | null>;

  createApiToken(token: ApiTokenRecord): Promise<void>;
  findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(userId?: string): Promise<ApiTokenRecord[]>;
  touchApiToken(id: string, at: number): Promise<void>;
  deleteApiToken(id: string): Promise<boolean>;

  createShare(share: ShareRecord): Promise<void>;
  findShareByHash(tokenHash: string): Promise<ShareRecord | null>;
  listShares(hostId?: string): Promise<ShareRecord[]>;
  recordShareView(id: string, at: number): Promise<void>;
  deleteShare(id: string): Promise<boolean>;

  // Small settings (setup code, schema version, ...)
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Sets the value only when absent; returns whether it was set. */
  setMetaIfAbsent(key: string, value: string): Promise<boolean>;
}

/** Time series, latest state and process snapshots of each host. */
export interface SeriesStore {
  /**
   * Stores a validated batch atomically and durably: raw samples still inside the raw
   * retention, every rollup tier whose retention covers them, latest state, process
   * snapshots (at most one per 60 s, kept 24 h). Duplicates (same host and ts) change nothing.
   * The result carries the host's live-watch mark, read in the same round trip.
   */
  ingest(hostId: string, batch: IngestBatch, receivedAt: number): Promise<IngestResult>;
  getHostState(hostId: string): Promise<HostState | null>;
  /** Headline states of the given hosts in one round trip (`latest.processes.top` is empty; getHostState has it). */
  getFleetStates(hostIds: string[]): Promise<Map<string, HostState | null>>;
  /** Rows of one tier with t in [from, to], ascending; only the metrics asked for; nothing older than the tier's retention at `now`. */
  readSeries(hostId: string, tier: TierName, metrics: string[], from: number, to: number, now: number): Promise<SeriesRow[]>;
  /** Names of the history series this host has (fixed ones and per-filesystem ones). */
  listSeriesNames(hostId: string): Promise<string[]>;
  /** The stored process snapshot nearest to `at` (within the raw retention at `now`), or the latest when `at` is undefined. */
  getProcessSnapshot(hostId: string, at: number | undefined, now: number): Promise<ProcessSnapshot | null>;
  /** Removes everything this port holds of the host (state, series, snapshots, watch mark): the domain calls it when a host is deleted. */
  deleteHostSeries(hostId: string, now: number): Promise<void>;
}

/**
 * Short-lived counters: fixed-window rate limits (kept in the store so they
 * hold across instances) and the live-watch mark. The watch mark is written
 * here but lives physically beside the series (ingest reads it in the same
 * round trip), so a backend's CounterStore takes markWatched from its series
 * side; see compose.ts.
 */
export interface CounterStore {
  hitRateLimit(key: string, windowMs: number, now: number): Promise<RateLimitHit>;
  resetRateLimit(key: string): Promise<void>;
  /** Until `untilMs` ingest answers carry the mark (collectors send faster). */
  markWatched(hostId: string, untilMs: number): Promise<void>;
}

/** Who a host token claims to be (the id it carries) and the hash that proves it. */
export interface HostClaim {
  hostId: string;
  tokenHash: string;
}

/** The per-host ingest limit: at most `max` requests in each fixed window. */
export interface HostLimit {
  max: number;
  windowMs: number;
}

/** What an authenticated ingest answers: one of these per POST, mapped by lib/ingest to 401, 403, 429 or 200. */
export type HostIngestOutcome =
  | { kind: 'refused' }
  | { kind: 'disabled'; host: HostRecord }
  | { kind: 'limited'; resetAt: number }
  | { kind: 'accepted'; host: HostRecord; result: IngestResult | null };

/**
 * The token check, the rate-limit hit and the ingest of one POST as one call. `batch` null checks and counts
 * only (a body that will be refused still answers 401/403/429 first). A token that is not the claimed host's
 * (wrong, rotated, host deleted) is `refused` and counts nothing; a disabled host counts nothing either.
 * A host whose series were deleted is `refused` too; where the check and the ingest are separate calls (SQLite),
 * a deletion between them throws UnknownHostError.
 */
export type HostIngest = (claim: HostClaim, limit: HostLimit, batch: IngestBatch | null, receivedAt: number) => Promise<HostIngestOutcome>;

/** The composed store: every port, plus the fleet join and the lifecycle. */
export interface Store extends RecordStore, SeriesStore, CounterStore {
  readonly kind: StoreKind;
  /** Token check, rate limit and ingest of one POST (one store command on Redis and Upstash; see HostIngest). */
  ingestAsHost: HostIngest;
  /** ingestAsHost is one store call here; elsewhere (SQLite, mixed) it is the three calls it stands for. */
  readonly fusedIngest: boolean;
  /** Alerting's records and state: a port of its own, reached as a property (`store.alerts.commit(...)`), not flattened. */
  readonly alerts: AlertStore;
  /** Resolves when every backend behind the ports answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Every host with its headline state, ordered by creation. */
  getFleet(): Promise<FleetEntry[]>;
}

/** What composeStore needs: the ports, how to reach and close their backends, and optionally a fused fleet read. */
export interface StoreParts {
  kind: StoreKind;
  records: RecordStore;
  series: SeriesStore;
  counters: CounterStore;
  alerts: AlertStore;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * A backend holding both records and series may read the fleet in one round
   * trip (Redis: one pipeline; SQLite: one join). Without it the composition
   * joins listHosts with getFleetStates.
   */
  fleet?: () => Promise<FleetEntry[]>;
  /** A backend holding records, counters and series may authenticate and ingest in one call (Redis: one script). */
  hostIngest?: HostIngest;
}
