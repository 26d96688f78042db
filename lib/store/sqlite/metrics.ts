import 'server-only';
import type Database from 'better-sqlite3';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { addSample, formatBucket, longestRetention, parseBucket, retentionFloor, tierByName, type BucketAggs } from '@/lib/metrics/rollup';
import { tiers, type Retention } from '@/lib/metrics/tiers';
import { UnknownHostError } from '../errors';
import { nearestSnapshot, noteCorrupt } from '../decode';
import { planIngest, type IngestPlan } from '../ingest-plan';
import type { SeriesCatalog } from '../series-catalog';
import { joinLatest, snapshotSlot } from '../state';
import type { HostRecord, HostState, IngestBatch, IngestResult, ProcessSnapshot } from '../types';
import { SqliteCatalogRows } from './catalog-rows';
import { toHost } from './db';
import { GroupCommit } from './group-commit';
import { TIER_NUMBER } from './series-reads';
import { HotRows } from './hot-rows';
import type { WalSync } from './wal-sync';

interface Job {
  hostId: string;
  batch: IngestBatch;
  receivedAt: number;
}

interface StateRow {
  last_seen: number;
  latest_ts: number;
  latest: string;
  snapshot: string;
  system: string | null;
  counters: string;
  dropped_total: number;
  clock_skew: number;
  capped: string | null;
}

const TRIM_EVERY_MS = 60_000;

/** Series, latest state, process snapshots and watch marks on SQLite. */
export class SqliteMetrics {
  private readonly q;
  /** Each host's columns and schemas, loaded on its first ingest; exact, since this process is the only writer. */
  private readonly catalogs = new Map<number, SeriesCatalog>();
  private readonly hot = new HotRows();
  private readonly lastTrim = new Map<number, number>();
  private readonly groups: GroupCommit<Job, IngestResult>;
  private readonly catalogRows: SqliteCatalogRows;

  constructor(
    private readonly db: Database.Database,
    private readonly retention: Retention,
    walSync: WalSync,
    private readonly limits: SeriesLimits = DEFAULT_SERIES_LIMITS,
  ) {
    this.catalogRows = new SqliteCatalogRows(db);
    this.q = {
      hostSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM hosts WHERE id = ?'),
      insRaw: db.prepare('INSERT OR IGNORE INTO raw (host, ts, rec) VALUES (?, ?, ?)'),
      insSeen: db.prepare('INSERT OR IGNORE INTO late_seen (host, ts) VALUES (?, ?)'),
      selRollup: db.prepare<[number, number, number], { aggs: string }>('SELECT aggs FROM rollups WHERE host = ? AND tier = ? AND bucket = ?'),
      putRollup: db.prepare('INSERT OR REPLACE INTO rollups (host, tier, bucket, aggs) VALUES (?, ?, ?, ?)'),
      hasSlot: db.prepare<[number, number], { ts: number }>('SELECT ts FROM snapshots WHERE host = ? AND slot = ?'),
      insSnapshot: db.prepare('INSERT INTO snapshots (host, slot, ts, data) VALUES (?, ?, ?, ?)'),
      selState: db.prepare<[number], StateRow>('SELECT * FROM host_state WHERE host = ?'),
      selLatestTs: db.prepare<[number], { latest_ts: number }>('SELECT latest_ts FROM host_state WHERE host = ?'),
      insState: db.prepare(
        'INSERT INTO host_state (host, last_seen, latest_ts, latest, snapshot, system, counters, dropped_total, clock_skew, capped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updState: db.prepare(
        'UPDATE host_state SET last_seen = ?, system = coalesce(?, system), counters = ?, dropped_total = dropped_total + ?, clock_skew = ?, capped = coalesce(?, capped) WHERE host = ?',
      ),
      updStateLatest: db.prepare(
        'UPDATE host_state SET last_seen = ?, system = coalesce(?, system), counters = ?, dropped_total = dropped_total + ?, clock_skew = ?, capped = coalesce(?, capped), latest_ts = ?, latest = ?, snapshot = ? WHERE host = ?',
      ),
      selWatch: db.prepare<[string], { until: number }>('SELECT until FROM watch WHERE host = ?'),
      putWatch: db.prepare('INSERT INTO watch (host, until) VALUES (?, ?) ON CONFLICT (host) DO UPDATE SET until = excluded.until'),
      snapBefore: db.prepare<[number, number, number], { ts: number; data: string }>(
        'SELECT ts, data FROM snapshots WHERE host = ? AND ts <= ? AND ts >= ? ORDER BY ts DESC LIMIT 1',
      ),
      snapAfter: db.prepare<[number, number, number], { ts: number; data: string }>(
        'SELECT ts, data FROM snapshots WHERE host = ? AND ts >= ? AND ts >= ? ORDER BY ts ASC LIMIT 1',
      ),
      fleet: db.prepare<[], Record<string, unknown>>(
        'SELECT h.id, h.name, h.tags, h.token_hash, h.disabled, h.created_at, s.* FROM hosts h LEFT JOIN host_state s ON s.host = h.seq ORDER BY h.created_at, h.id',
      ),
      trimRaw: db.prepare('DELETE FROM raw WHERE host = ? AND ts < ?'),
      trimSeen: db.prepare('DELETE FROM late_seen WHERE host = ? AND ts < ?'),
      trimRollups: db.prepare('DELETE FROM rollups WHERE host = ? AND tier = ? AND bucket < ?'),
      trimSnapshots: db.prepare('DELETE FROM snapshots WHERE host = ? AND ts < ?'),
    };
    // A group is one transaction without a savepoint per batch (two statements less each): a batch that fails
    // rolls the group back, and its batches are then committed one transaction each, so it fails alone.
    const commitGroup = db.transaction((jobs: Job[]) => jobs.map((job) => this.apply(job)));
    const commitOne = db.transaction((job: Job) => this.apply(job));
    this.groups = new GroupCommit((jobs: Job[]) => {
      try {
        return commitGroup(jobs);
      } catch {
        // The whole group rolled back: nothing cached from it can be trusted.
        this.forgetAll();
      }
      return jobs.map((job) => {
        try {
          return commitOne(job);
        } catch (err) {
          return err as Error;
        }
      });
    }, walSync);
  }

  ingest(hostId: string, batch: IngestBatch, receivedAt: number): Promise<IngestResult> {
    return this.groups.submit({ hostId, batch, receivedAt });
  }

  private seqOf(hostId: string): number | undefined {
    return this.q.hostSeq.get(hostId)?.seq;
  }

  /** A batch's writes; a host deleted since its token was checked is answered without writing (no rollback needed). */
  private apply({ hostId, batch, receivedAt: now }: Job): IngestResult | Error {
    const seq = this.seqOf(hostId);
    if (seq === undefined) return new UnknownHostError(hostId);
    const catalog = this.catalogOf(seq);
    const plan = planIngest(batch, now, this.retention, this.limits, catalog, this.hot.filledSlot(seq));
    let counts: { accepted: number; duplicates: number };
    try {
      counts = this.execute(seq, plan, now);
    } catch (err) {
      // The savepoint rolled back what this batch wrote; read the host's catalog and rows again rather than trust them.
      this.forget(seq);
      throw err;
    }
    this.catalogs.set(seq, plan.catalog);
    // Read every batch: another process on the file (a tool, a test, a second server) may have set it.
    const until = this.q.selWatch.get(hostId)?.until ?? 0;
    return {
      accepted: counts.accepted,
      duplicates: counts.duplicates,
      tooOld: plan.tooOld,
      keepsFrom: plan.keepsFrom,
      watchedUntil: until > now ? until : null,
    };
  }

  /** Runs a plan inside the caller's savepoint (see ingest-plan.ts for the rules an executor applies). */
  private execute(seq: number, plan: IngestPlan, now: number): { accepted: number; duplicates: number } {
    this.catalogRows.store(seq, plan);
    const buckets = new Map<string, { tier: number; bucket: number; aggs: BucketAggs }>();
    let accepted = 0;
    let duplicates = 0;
    for (const sample of plan.samples) {
      const { targets } = sample;
      // The raw row (or, for a sample older than the raw tier, a bare marker) is the dedup check, in the same transaction as the rollups.
      const fresh = targets.raw ? this.q.insRaw.run(seq, sample.ts, sample.record).changes === 1 : this.q.insSeen.run(seq, sample.ts).changes === 1;
      if (!fresh) {
        duplicates++;
        continue;
      }
      accepted++;
      for (const { tier, bucket } of targets.rollups) {
        const t = TIER_NUMBER[tier.name];
        const key = `${t}:${bucket}`;
        let entry = buckets.get(key);
        if (!entry) {
          const aggs = this.hot.rollup(seq, t, bucket, () => parseBucket(this.q.selRollup.get(seq, t, bucket)?.aggs, (e) => noteCorrupt('rollup entry', e)));
          entry = { tier: t, bucket, aggs };
          buckets.set(key, entry);
        }
        addSample(entry.aggs, sample.columns, sample.values);
      }
      const slot = snapshotSlot(sample.ts);
      if (sample.snapshot) {
        if (!this.hot.hasSnapshot(seq, slot, () => this.q.hasSlot.get(seq, slot) !== undefined)) this.q.insSnapshot.run(seq, slot, sample.ts, sample.snapshot);
        this.hot.markSnapshot(seq, slot);
      }
    }
    for (const e of buckets.values()) this.q.putRollup.run(seq, e.tier, e.bucket, formatBucket(e.aggs));
    // A batch that kept no sample leaves the host as it was: it is not seen.
    if (plan.state) this.updateState(seq, plan.state, now, accepted);
    this.trim(seq, now);
    return { accepted, duplicates };
  }

  private updateState(seq: number, state: NonNullable<IngestPlan['state']>, now: number, accepted: number): void {
    const { counters } = state;
    const system = state.system ?? null;
    const dropped = accepted > 0 ? state.dropped : 0;
    const capped = state.capped ?? null;
    const latestTs = this.hot.latestTs(seq, () => this.q.selLatestTs.get(seq)?.latest_ts ?? null);
    if (latestTs === null) {
      this.q.insState.run(seq, now, state.ts, state.latest, state.snapshot, system, counters, dropped, state.skewMs, capped);
    } else if (state.ts > latestTs) {
      this.q.updStateLatest.run(now, system, counters, dropped, state.skewMs, capped, state.ts, state.latest, state.snapshot, seq);
    } else {
      this.q.updState.run(now, system, counters, dropped, state.skewMs, capped, seq);
      return;
    }
    this.hot.setLatestTs(seq, state.ts);
  }

  private forget(seq: number): void {
    this.catalogs.delete(seq);
    this.hot.forget(seq);
  }

  private forgetAll(): void {
    this.catalogs.clear();
    this.hot.clear();
  }

  /** The host's series rows were deleted behind ingest's back (lib/store/sqlite/series-store.ts); without a record it cannot ingest again. */
  forgetHost(hostId: string): void {
    const seq = this.seqOf(hostId);
    if (seq !== undefined) this.forget(seq);
  }

  private catalogOf(seq: number): SeriesCatalog {
    let catalog = this.catalogs.get(seq);
    if (!catalog) {
      catalog = this.catalogRows.load(seq);
      this.catalogs.set(seq, catalog);
    }
    return catalog;
  }

  /** Retention by trimming, done by ingest itself (at most once a minute per host): no scheduler needed; readers hide rows past retention anyway. */
  private trim(seq: number, now: number): void {
    if (now - (this.lastTrim.get(seq) ?? 0) < TRIM_EVERY_MS) return;
    this.lastTrim.set(seq, now);
    for (const tier of tiers(this.retention)) {
      const floor = retentionFloor(tier, now);
      if (tier.name === 'raw') {
        this.q.trimRaw.run(seq, floor);
        this.q.trimSnapshots.run(seq, floor);
      } else {
        this.q.trimRollups.run(seq, TIER_NUMBER[tier.name], floor);
      }
    }
    this.q.trimSeen.run(seq, now - longestRetention(this.retention));
  }

  listSeriesNames(hostId: string): string[] {
    const seq = this.seqOf(hostId);
    return seq === undefined ? [] : this.catalogRows.names(seq);
  }

  getHostState(hostId: string): HostState | null {
    const seq = this.seqOf(hostId);
    const row = seq === undefined ? undefined : this.q.selState.get(seq);
    return row ? toState(hostId, row, true) : null;
  }

  getFleet(): { host: HostRecord; state: HostState | null }[] {
    return this.q.fleet.all().map((r) => {
      const host = toHost(r);
      return { host, state: r.latest === null ? null : toState(host.id, r as unknown as StateRow, false) };
    });
  }

  getProcessSnapshot(hostId: string, at: number | undefined, now: number): ProcessSnapshot | null {
    const seq = this.seqOf(hostId);
    const state = seq === undefined ? undefined : this.q.selState.get(seq);
    if (seq === undefined || !state) return null;
    const latest = JSON.parse(state.snapshot) as ProcessSnapshot;
    if (at === undefined) return latest;
    const floor = retentionFloor(tierByName('raw', this.retention), now);
    const candidates = [this.q.snapBefore.get(seq, at, floor), this.q.snapAfter.get(seq, at, floor)]
      .filter((r) => r !== undefined)
      .map((r) => JSON.parse(r.data) as ProcessSnapshot);
    if (latest.ts >= floor) candidates.push(latest);
    return nearestSnapshot(candidates, at);
  }

  markWatched(hostId: string, untilMs: number): void {
    this.q.putWatch.run(hostId, untilMs);
  }
}

function toState(hostId: string, row: StateRow, withProcesses: boolean): HostState {
  const latest = JSON.parse(row.latest);
  return {
    hostId,
    lastSeen: row.last_seen,
    latest: withProcesses ? joinLatest(latest, JSON.parse(row.snapshot)) : latest,
    system: row.system === null ? null : JSON.parse(row.system),
    counters: JSON.parse(row.counters),
    droppedTotal: row.dropped_total,
    clockSkewMs: row.clock_skew,
    capped: row.capped ? JSON.parse(row.capped) : null,
  };
}
