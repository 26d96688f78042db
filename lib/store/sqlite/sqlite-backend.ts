import 'server-only';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { alertLimits, type AlertLimits } from '../alert-records';
import type { StoreParts } from '../ports';
import { SqliteAccounts } from './accounts';
import { SqliteAlerts } from './alert-store';
import { guarded, mapSqliteError, openDatabase } from './db';
import { SqliteMetrics } from './metrics';
import { SqliteRecords } from './record-store';
import { SqliteSeriesReads } from './series-reads';
import { SqliteCounters, SqliteSeries } from './series-store';
import { WalSync } from './wal-sync';

/** The ports over one SQLite file (WAL), sharing the connection; everything synchronous under the hood. */
export function sqliteParts(file: string, retention: Retention, limits?: SeriesLimits, alerts?: Partial<AlertLimits>): StoreParts {
  let db;
  try {
    db = openDatabase(file);
  } catch (err) {
    throw mapSqliteError(err, `opening ${file}`);
  }
  const walSync = new WalSync(`${file}-wal`);
  const metrics = new SqliteMetrics(db, retention, walSync, limits);
  const accounts = new SqliteAccounts(db);
  const ping = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    records: new SqliteRecords(db, accounts),
    series: new SqliteSeries(db, metrics, new SqliteSeriesReads(db, retention)),
    counters: new SqliteCounters(accounts, metrics),
    alerts: new SqliteAlerts(db, alertLimits(alerts)),
    // Hosts and states in one LEFT JOIN.
    fleet: () => guarded('getFleet', () => metrics.getFleet()),
    ping: () => guarded('ping', () => void ping.get()),
    async close() {
      walSync.close();
      if (!db.open) return;
      try {
        accounts.flushRateLimits();
      } finally {
        db.close();
      }
    },
  };
}
