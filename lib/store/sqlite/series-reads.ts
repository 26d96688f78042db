import 'server-only';
import type Database from 'better-sqlite3';
import type { SeriesRow } from '@/lib/metrics/align';
import { readableWindow } from '@/lib/metrics/rollup';
import type { Retention, TierName } from '@/lib/metrics/tiers';
import { cooperative } from '../cooperate';
import { bucketReader, rawReader, schemaNames } from '../decode';
import { guarded } from './db';

export const TIER_NUMBER: Record<TierName, number> = { raw: 0, '1m': 1, '5m': 2, '1h': 3 };

/**
 * History reads on SQLite. The rows come out in one native call; decoding
 * them (the costly part for a wide host) runs in slices that give the event
 * loop back, so a long read does not hold up other requests.
 */
export class SqliteSeriesReads {
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly retention: Retention,
  ) {
    this.q = {
      hostSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM hosts WHERE id = ?'),
      allColumns: db.prepare<[number], { idx: number; name: string }>('SELECT idx, name FROM series_columns WHERE host = ?'),
      allSchemas: db.prepare<[number], { id: number; columns: string }>('SELECT id, columns FROM series_schemas WHERE host = ?'),
      selRaw: db.prepare<[number, number, number], { ts: number; rec: string }>('SELECT ts, rec FROM raw WHERE host = ? AND ts BETWEEN ? AND ? ORDER BY ts'),
      selRollups: db.prepare<[number, number, number, number], { bucket: number; aggs: string }>(
        'SELECT bucket, aggs FROM rollups WHERE host = ? AND tier = ? AND bucket BETWEEN ? AND ? ORDER BY bucket',
      ),
    };
  }

  async readSeries(hostId: string, tierName: TierName, metrics: string[], from: number, to: number, now: number): Promise<SeriesRow[]> {
    const window = readableWindow(tierName, this.retention, from, to, now);
    if (metrics.length === 0 || !window) return [];
    const { tier, from: lo } = window;
    const fetched = await guarded('readSeries', () => {
      const seq = this.q.hostSeq.get(hostId)?.seq;
      if (seq === undefined) return null;
      const names = new Map(this.q.allColumns.all(seq).map((c) => [c.idx, c.name]));
      if (tier.name === 'raw') {
        const schemas = schemaNames(this.q.allSchemas.all(seq).map((r) => [r.id, JSON.parse(r.columns) as number[]]), names);
        return { read: rawReader(schemas, new Set(metrics)), rows: this.q.selRaw.all(seq, lo, to).map((r) => ({ t: r.ts, text: r.rec })) };
      }
      return { read: bucketReader(names, new Set(metrics)), rows: this.q.selRollups.all(seq, TIER_NUMBER[tier.name], lo, to).map((r) => ({ t: r.bucket, text: r.aggs })) };
    });
    if (!fetched) return [];
    const pause = cooperative();
    const out: SeriesRow[] = [];
    for (const { t, text } of fetched.rows) {
      const values = fetched.read(text);
      if (values) out.push({ t, values });
      const paused = pause();
      if (paused) await paused;
    }
    return out;
  }
}
