import 'server-only';
import type Database from 'better-sqlite3';
import type { CatalogChanges } from '../catalog-edit';
import { catalogOf, type SeriesCatalog } from '../series-catalog';

/**
 * A host's series catalog in its tables: `series_columns` and `series_schemas`
 * (each row with the hour it was last seen; NULL when written by an older
 * release) and `series_next`, the next ids, so that an id whose entry left is
 * never given again. Run inside the ingest transaction.
 */
export class SqliteCatalogRows {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      columns: db.prepare<[number], { idx: number; name: string; seen: number | null }>('SELECT idx, name, seen FROM series_columns WHERE host = ? ORDER BY name'),
      schemas: db.prepare<[number], { id: number; columns: string; seen: number | null }>('SELECT id, columns, seen FROM series_schemas WHERE host = ?'),
      next: db.prepare<[number], { next_column: number; next_schema: number }>('SELECT next_column, next_schema FROM series_next WHERE host = ?'),
      // A schema's `names` column is its unique key (column indexes joined by `,`; older releases wrote the names as JSON).
      insSchema: db.prepare('INSERT INTO series_schemas (host, id, names, columns, seen) VALUES (?, ?, ?, ?, ?)'),
      insColumn: db.prepare('INSERT INTO series_columns (host, idx, name, seen) VALUES (?, ?, ?, ?)'),
      // Id lists go in as one JSON array: one statement per plan, whatever its size.
      delColumns: db.prepare('DELETE FROM series_columns WHERE host = ? AND idx IN (SELECT value FROM json_each(?))'),
      delSchemas: db.prepare('DELETE FROM series_schemas WHERE host = ? AND id IN (SELECT value FROM json_each(?))'),
      seenColumns: db.prepare('UPDATE series_columns SET seen = ? WHERE host = ? AND idx IN (SELECT value FROM json_each(?))'),
      seenSchemas: db.prepare('UPDATE series_schemas SET seen = ? WHERE host = ? AND id IN (SELECT value FROM json_each(?))'),
      putNext: db.prepare(
        'INSERT INTO series_next (host, next_column, next_schema) VALUES (?, ?, ?) ON CONFLICT (host) DO UPDATE SET next_column = excluded.next_column, next_schema = excluded.next_schema',
      ),
    };
  }

  load(seq: number): SeriesCatalog {
    const next = this.q.next.get(seq);
    return catalogOf(
      this.q.columns.all(seq).map((c) => [c.name, c.idx, c.seen]),
      this.q.schemas.all(seq).map((r) => [r.id, JSON.parse(r.columns) as number[], r.seen]),
      next && { column: next.next_column, schema: next.next_schema },
    );
  }

  /** The live series names, sorted. */
  names(seq: number): string[] {
    return this.q.columns.all(seq).map((c) => c.name);
  }

  /** Stores a plan's catalog changes: drops first (a name may leave and come back with a new id in one plan). */
  store(seq: number, c: CatalogChanges): void {
    if (c.dropColumns.length > 0) this.q.delColumns.run(seq, JSON.stringify(c.dropColumns.map((d) => d.idx)));
    if (c.dropSchemas.length > 0) this.q.delSchemas.run(seq, JSON.stringify(c.dropSchemas.map((d) => d.id)));
    // The next ids can no longer be told from the rows once the highest has left.
    if (c.dropColumns.length + c.dropSchemas.length > 0) this.q.putNext.run(seq, c.next.column, c.next.schema);
    const at = c.seen.at;
    for (const col of c.newColumns) this.q.insColumn.run(seq, col.idx, col.name, at);
    for (const sc of c.newSchemas) this.q.insSchema.run(seq, sc.id, sc.key, JSON.stringify(sc.columns), at);
    if (c.seen.columns.length > 0) this.q.seenColumns.run(at, seq, JSON.stringify(c.seen.columns));
    if (c.seen.schemas.length > 0) this.q.seenSchemas.run(at, seq, JSON.stringify(c.seen.schemas));
  }
}
