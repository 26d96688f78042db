import 'server-only';
import { mapSqliteError } from './db';
import type { WalSync } from './wal-sync';

/**
 * Group commit for ingest: every batch that arrives while the previous group
 * waits for its WAL sync is committed together in one transaction (each in its
 * own savepoint, so one bad batch fails alone), then acknowledged once the WAL
 * is on disk. The fdatasync runs on the thread pool while requests go on, and
 * groups grow with the load.
 */
export class GroupCommit<J, R> {
  private queue: { job: J; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private syncing = false;

  constructor(
    /** Runs the jobs in one transaction; a job's own failure is returned in its place. */
    private readonly commit: (jobs: J[]) => (R | Error)[],
    private readonly walSync: WalSync,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.queue.length === 1 && !this.syncing) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
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
        if (this.queue.length > 0) this.flush();
      });
  }
}
