import 'server-only';
import type Database from 'better-sqlite3';
import type { RateLimitHit } from '../types';

interface Window {
  start: number;
  end: number;
  count: number;
  /** The count is ahead of the table. */
  dirty: boolean;
}

/** Keys counted in memory at most; past it a new key is counted in the table alone, as before (login limits take any address). */
const MAX_KEYS = 50_000;
/** How long a count may stay ahead of the table: what a crash can forget of the current windows. */
const FLUSH_MS = 1_000;
/** Finished windows are swept from the table (and from memory) every this many hits. */
const SWEEP_EVERY = 10_000;

/**
 * Fixed-window rate limits on SQLite, counted in memory and written behind.
 *
 * A hit used to be its own write transaction (an UPSERT … RETURNING, about
 * 25 µs, nearly all of it the commit), and ingest makes one per batch. The
 * server process is the file's only writer of these rows, so the count it
 * keeps itself is the count: a key's first hit in a window still goes to the
 * table (it continues a window a previous run of the server left there), the
 * next ones only add in memory, and the counts reach the table together, in
 * one transaction at most FLUSH_MS later and on close. A crash forgets at most
 * that last second of hits, which only makes a limit start a little lower.
 */
export class RateWindows {
  private readonly q;
  private readonly windows = new Map<string, Window>();
  private hitsSinceSweep = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly write: (dirty: [string, Window][]) => void;

  constructor(
    db: Database.Database,
    private readonly maxKeys = MAX_KEYS,
  ) {
    this.q = {
      hit: db.prepare<[string, number, number], { count: number; window_end: number }>(
        `INSERT INTO rate_limits (key, window_start, window_end, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
           window_start = excluded.window_start, window_end = excluded.window_end
         RETURNING count, window_end`,
      ),
      // Never lowers a stored count, and only within the window it counted.
      setCount: db.prepare('UPDATE rate_limits SET count = max(count, ?) WHERE key = ? AND window_start = ?'),
      reset: db.prepare('DELETE FROM rate_limits WHERE key = ?'),
      sweep: db.prepare('DELETE FROM rate_limits WHERE window_end < ?'),
    };
    this.write = db.transaction((dirty: [string, Window][]) => {
      for (const [key, w] of dirty) this.q.setCount.run(w.count, key, w.start);
    });
  }

  hit(key: string, windowMs: number, now: number): RateLimitHit {
    const start = now - (now % windowMs);
    const end = start + windowMs;
    if (++this.hitsSinceSweep >= SWEEP_EVERY) this.sweep(now);
    const w = this.windows.get(key);
    if (w && w.start === start && w.end === end) {
      w.count++;
      w.dirty = true;
      this.scheduleFlush();
      return { count: w.count, resetAt: end };
    }
    // A new window (or one counted elsewhere before this process started): the table answers and starts it.
    const row = this.q.hit.get(key, start, end)!;
    if (w || this.windows.size < this.maxKeys) this.windows.set(key, { start, end: row.window_end, count: row.count, dirty: false });
    return { count: row.count, resetAt: row.window_end };
  }

  reset(key: string): void {
    this.windows.delete(key);
    this.q.reset.run(key);
  }

  /** Writes the counts that are ahead of the table. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writeDirty();
  }

  private writeDirty(): void {
    const dirty: [string, Window][] = [];
    for (const entry of this.windows) if (entry[1].dirty) dirty.push(entry);
    if (dirty.length === 0) return;
    // Marked clean only once the transaction committed; nothing can hit in between, the write is synchronous.
    this.write(dirty);
    for (const [, w] of dirty) w.dirty = false;
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.writeDirty();
      } catch {
        // The table is unavailable right now; the counts stay ahead and the next hit schedules another try.
      }
    }, FLUSH_MS);
    this.timer.unref();
  }

  private sweep(now: number): void {
    this.hitsSinceSweep = 0;
    this.q.sweep.run(now);
    for (const [key, w] of this.windows) if (w.end < now) this.windows.delete(key);
  }
}
