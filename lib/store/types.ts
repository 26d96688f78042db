import type { Counters, ProcessInfo, Sample, SystemInfo } from '@/lib/wire/contract';
import type { SeriesCap } from './ingest-plan';

/**
 * The domain-level store types. Three backends implement the store ports
 * (ports.ts) with the same behaviour (embedded SQLite, Redis over TCP, Upstash
 * Redis REST); one contract test suite per port proves it. Domain rules (rollup math, tier choice,
 * status, "never delete the last admin") live in pure modules, not here.
 *
 * Every method may throw StoreUnavailableError when the store does not answer;
 * creates throw StoreConflictError on a duplicate id, email or token hash.
 * Times are ms since the epoch. History values are stored quantized
 * (lib/metrics/quantize.ts): percentages and load to 0.01, temperatures to
 * 0.1 °C, bytes and rates whole; rollup averages are exact over those values.
 */

export type StoreKind = 'sqlite' | 'redis' | 'upstash';
export type { TierName } from '@/lib/metrics/tiers';
export type { SeriesRow, SeriesValue } from '@/lib/metrics/align';

export interface HostRecord {
  id: string;
  name: string;
  tags: string[];
  /** SHA-256 hex of the host's ingest token; the token itself is never stored. */
  tokenHash: string;
  disabled: boolean;
  createdAt: number;
}

export type HostPatch = Partial<Pick<HostRecord, 'name' | 'tags' | 'disabled' | 'tokenHash'>>;

/** What the server knows of a host right now. */
export interface HostState {
  hostId: string;
  /** Server time of the last accepted batch. */
  lastSeen: number;
  /** The newest sample received (by sample timestamp), in full. */
  latest: Sample;
  system: SystemInfo | null;
  counters: Counters;
  /** Sum of every `counters.dropped` the collector ever reported. */
  droppedTotal: number;
  /** Server receive time minus the newest sample's timestamp at receipt; a large value means the host's clock is off. */
  clockSkewMs: number;
  /** The last time a per-host cap (lib/store/ingest-plan.ts) kept some of this host's series out of history, and which. */
  capped: SeriesCapState | null;
}

export interface SeriesCapState {
  series: SeriesCap[];
  at: number;
}

export interface IngestBatch {
  samples: Sample[];
  system?: SystemInfo;
  counters: Counters;
}

export interface IngestResult {
  /** Samples stored for the first time. */
  accepted: number;
  /** Samples already stored (same host and timestamp): ignored. */
  duplicates: number;
  /**
   * Samples older than every tier's retention (stamped before `keepsFrom`): refused — not stored, not
   * deduplicated, and not seen: a batch of nothing else leaves the host's state (last seen too) as it was.
   */
  tooOld: number;
  /** The earliest sample time the store keeps at receipt. */
  keepsFrom: number;
  /** Until when someone watches this host live, or null. Read in the same round trip as the write. */
  watchedUntil: number | null;
}


export interface ProcessSnapshot {
  ts: number;
  total: number;
  running: number;
  processes: ProcessInfo[];
}

export type Role = 'admin' | 'viewer';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** scrypt hash string (algorithm, parameters, salt and hash); never the password. */
  passwordHash: string;
  createdAt: number;
  /**
   * The single sign-on identities linked to this user (lib/auth/sso-*.ts), each unique across users; absent when
   * none. Written only by createUser and linkUserIdentity. A user signed up through a provider has no password:
   * their passwordHash is '' (NO_PASSWORD), which no password verifies.
   */
  identities?: UserIdentity[];
}

/** One provider's account: `provider` is the next-auth provider id (`oidc-keycloak`, `github`), `subject` its stable user id. */
export interface UserIdentity {
  provider: string;
  subject: string;
  linkedAt: number;
}

/** The passwordHash of a user who signs in only through a provider. */
export const NO_PASSWORD = '';

export type UserPatch = Partial<Pick<UserRecord, 'name' | 'role' | 'passwordHash'>>;

export type ApiTokenScope = 'read' | 'admin';

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  scope: ApiTokenScope;
  tokenHash: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export interface ShareRecord {
  id: string;
  hostId: string;
  tokenHash: string;
  label: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  includeProcesses: boolean;
  /** The host's pending and firing alerts are shown to viewers (off unless the creator opted in; links made before alerts existed have none). */
  includeAlerts: boolean;
  /** Longest history the viewer may see, ending now. */
  maxRangeMs: number;
  lastViewedAt: number | null;
  viewCount: number;
}

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends. */
  resetAt: number;
}

export interface FleetEntry {
  host: HostRecord;
  state: HostState | null;
}

// The store is four ports (records, series, counters, alerts) composed into one Store; see ports.ts and compose.ts.
export type { CounterStore, HostClaim, HostIngest, HostIngestOutcome, HostLimit, RecordStore, SeriesStore, Store, StoreParts } from './ports';
export type { AlertCommit, AlertStore, CommitResult, EventFilter } from './alert-port';
export type { TwoFactorRecord, TwoFactorRecords } from './two-factor-port';
