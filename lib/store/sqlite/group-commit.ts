import 'server-only';
import { mapSqliteError } from './db';
import type { WalSync } from './wal-sync';

/**
 * Group commit for ingest: every batch that arrives while the previous group
 * waits for its WAL sync is committed together in one transaction (one that
 * fails is rolled back and its batches committed one by one, so a bad batch
 * fails alone), then acknowledged once the WAL is on disk. The fdatasync runs
 * on the thread pool while requests go on, and groups grow with the load.
 *
 * Groups start at least `intervalMs` apart. A sync of a few pages on a fast
 * disk takes ~0.2 ms, less than the gap between posts, so without a floor
 * nearly every batch was a group of its own: its own commit and its own
 * fdatasync, ~75 µs of kernel CPU each (measured here), more than the whole
 * batch's SQL. A few milliseconds of wait is nothing to a collector and caps
 * syncs at 1000 / intervalMs a second (PostgreSQL's commit_delay, MySQL's
 * binlog_group_commit_sync_delay). A batch arriving after a quiet spell is
 * committed at once.
 */
/** The least time between the starts of two groups. */
export const GROUP_INTERVAL_MS = 4;

export class GroupCommit<J, R> {
  private queue: { job: J; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private syncing = false;
  private scheduled = false;
  private lastStart = -Infinity;

  constructor(
    /** Runs the jobs in one transaction; a job's own failure is returned in its place. */
    private readonly commit: (jobs: J[]) => (R | Error)[],
    private readonly walSync: WalSync,
    private readonly intervalMs = GROUP_INTERVAL_MS,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.syncing) this.schedule();
    });
  }

  /** The next group starts once this tick's batches are in and `intervalMs` has passed since the last one started. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastStart + this.intervalMs - performance.now();
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    this.lastStart = performance.now();
    const jobs = this.queue.map((g) => g.job);
    // While the group waits for its sync, only the answers are kept: the batches (most of what a request holds) can go.
    const group = this.queue.map(({ resolve, reject }) => ({ resolve, reject }));
    this.queue = [];
    const failAll = (err: unknown) => {
      const mapped = mapSqliteError(err, 'ingest');
      for (const g of group) g.reject(mapped);
    };
    let results: (R | Error)[];
    try {
      results = this.commit(jobs);
    } catch (err) {
      return failAll(err);
    }
    jobs.length = 0;
    this.syncing = true;
    this.walSync
      .sync()
      .then(() => results.forEach((r, i) => (r instanceof Error ? group[i].reject(mapSqliteError(r, 'ingest')) : group[i].resolve(r))), failAll)
      .finally(() => {
        this.syncing = false;
        if (this.queue.length > 0) this.schedule();
      });
  }
}
