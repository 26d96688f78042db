import 'server-only';
import { closeSync, fdatasync, openSync } from 'node:fs';

/**
 * Makes committed transactions durable without blocking the event loop.
 *
 * The connection runs WAL with synchronous=NORMAL: a commit writes its frames
 * to the -wal file (the OS page cache) and returns, so it already survives a
 * kill -9 of the server. For a power cut the frames must reach the disk:
 * synchronous=FULL would fsync inside the commit, on the only thread that
 * serves requests (~0.3 ms here, per commit). Instead, callers that promise
 * durability (ingest's 2xx) await `sync()`, which fdatasyncs the -wal file on
 * libuv's thread pool. A checkpoint that moved the frames into the main file
 * fsynced that file first, so either way the data is on disk.
 *
 * Concurrent callers share one fdatasync; a caller arriving while one is in
 * flight waits for the next, because the running one may predate its commit.
 */
export class WalSync {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly walFile: string) {}

  sync(): Promise<void> {
    if (!this.running) return (this.running = this.start());
    this.next ??= this.running.then(
      () => this.promote(),
      () => this.promote(),
    );
    return this.next;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private promote(): Promise<void> {
    this.next = null;
    return (this.running = this.start());
  }

  private start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        // Opened on first use: the -wal file exists once the first transaction has committed.
        this.fd ??= openSync(this.walFile, 'r');
      } catch (err) {
        // No -wal file: every commit has been checkpointed into the main file, which the checkpoint fsynced.
        return (err as NodeJS.ErrnoException).code === 'ENOENT' ? resolve() : reject(err);
      }
      fdatasync(this.fd, (err) => (err ? reject(err) : resolve()));
    }).finally(() => {
      if (!this.next) this.running = null;
    });
  }
}
