import 'server-only';
import type Database from 'better-sqlite3';
import type { CounterStore, SeriesStore } from '../ports';
import type { HostState, IngestBatch, IngestResult, TierName } from '../types';
import type { SqliteAccounts } from './accounts';
import { guarded } from './db';
import type { SqliteMetrics } from './metrics';
import type { SqliteSeriesReads } from './series-reads';

// Series tables without a foreign key to hosts (their rows would make the cascade slow); their primary keys start with the host seq.
const UNLINKED_SERIES_TABLES = ['raw', 'late_seen', 'rollups', 'snapshots'] as const;
// host_state, series_columns and series_schemas also go with the host row (ON DELETE CASCADE in db.ts).

/**
 * Series, state and snapshots on SQLite; the work is in metrics.ts. Series
 * rows are keyed by hosts.seq, so this port needs the SQLite records of the
 * same file: ingest refuses a host without a row, in the same transaction
 * that writes, so a deleted host's late batch can never bring its data back.
 */
export class SqliteSeries implements SeriesStore {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    private readonly metrics: SqliteMetrics,
    private readonly reads: SqliteSeriesReads,
  ) {
    this.q = {
      seq: db.prepare<[string], { seq: number }>('SELECT seq FROM hosts WHERE id = ?'),
      delBySeq: [...UNLINKED_SERIES_TABLES, 'host_state'].map((t) => db.prepare(`DELETE FROM ${t} WHERE host = ?`)),
      delWatch: db.prepare('DELETE FROM watch WHERE host = ?'),
      // The seqs a table still holds that name no host any more: one index seek per host (a skip scan), not a table scan.
      orphans: UNLINKED_SERIES_TABLES.map((t) =>
        db.prepare<[], { host: number }>(
          `WITH RECURSIVE s(host) AS (
             SELECT min(host) FROM ${t}
             UNION ALL SELECT (SELECT min(host) FROM ${t} WHERE host > s.host) FROM s WHERE s.host IS NOT NULL
           ) SELECT host FROM s WHERE host IS NOT NULL AND host NOT IN (SELECT seq FROM hosts)`,
        ),
      ),
      delOrphan: UNLINKED_SERIES_TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE host = ?`)),
    };
  }

  ingest(hostId: string, batch: IngestBatch, receivedAt: number): Promise<IngestResult> {
    return this.metrics.ingest(hostId, batch, receivedAt);
  }
  getHostState(hostId: string) {
    return guarded('getHostState', () => this.metrics.getHostState(hostId));
  }
  getFleetStates(hostIds: string[]) {
    return guarded('getFleetStates', () => {
      const all = new Map(this.metrics.getFleet().map((e) => [e.host.id, e.state]));
      return new Map<string, HostState | null>(hostIds.map((id) => [id, all.get(id) ?? null]));
    });
  }
  readSeries(hostId: string, tier: TierName, metrics: string[], from: number, to: number, now: number) {
    return this.reads.readSeries(hostId, tier, metrics, from, to, now);
  }
  listSeriesNames(hostId: string) {
    return guarded('listSeriesNames', () => this.metrics.listSeriesNames(hostId));
  }
  getProcessSnapshot(hostId: string, at: number | undefined, now: number) {
    return guarded('getProcessSnapshot', () => this.metrics.getProcessSnapshot(hostId, at, now));
  }
  /**
   * The domain deletes the record first (so the token dies at once), and the
   * seq is gone with it: the rows are found as those whose seq names no host.
   * Seqs are never reused, so such rows can only be a deleted host's. Called
   * while the row still exists, it clears the host's data by seq but keeps
   * its series dictionaries (series_columns, series_schemas), which ingest has cached
   * for that seq: deleting them would make later rows unreadable.
   */
  deleteHostSeries(hostId: string) {
    // Ingest keeps the host's current rows in memory: it must read them again if the host ever writes after this.
    this.metrics.forgetHost(hostId);
    return guarded('deleteHostSeries', () =>
      this.db.transaction(() => {
        this.q.delWatch.run(hostId);
        const seq = this.q.seq.get(hostId)?.seq;
        if (seq !== undefined) {
          for (const del of this.q.delBySeq) del.run(seq);
          return;
        }
        this.q.orphans.forEach((find, i) => {
          for (const { host } of find.all()) this.q.delOrphan[i]!.run(host);
        });
      })(),
    );
  }
}

/** Rate-limit windows in their table; the watch mark in the table the ingest transaction reads. */
export class SqliteCounters implements CounterStore {
  constructor(
    private readonly accounts: SqliteAccounts,
    private readonly metrics: SqliteMetrics,
  ) {}

  hitRateLimit(key: string, windowMs: number, now: number) {
    return guarded('hitRateLimit', () => this.accounts.hitRateLimit(key, windowMs, now));
  }
  resetRateLimit(key: string) {
    return guarded('resetRateLimit', () => this.accounts.resetRateLimit(key));
  }
  markWatched(hostId: string, untilMs: number) {
    return guarded('markWatched', () => this.metrics.markWatched(hostId, untilMs));
  }
}
