import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';
import { parseWatch } from './wire';

/**
 * The process patterns the server last asked this collector to count (the
 * reply's `watch`), kept in `watch.json` beside the spool's files so a
 * restarted collector counts them from its first sample instead of reporting
 * none until its first reply. Written (atomically: a temporary file renamed
 * over it) only when the list changes, not on every reply.
 */
export class WatchList {
  private current: readonly string[];
  private readonly file: string;

  private constructor(
    dir: string,
    private readonly log?: Logger,
  ) {
    this.file = path.join(dir, 'watch.json');
    this.current = this.load();
  }

  /** `dir` is the spool directory (it exists and is this collector's: the spool holds its lock). */
  static open(dir: string, log?: Logger): WatchList {
    return new WatchList(dir, log);
  }

  get patterns(): readonly string[] {
    return this.current;
  }

  /** The reply's list (already checked by parseIngestReply), duplicates dropped; true when it changed. */
  update(patterns: readonly string[]): boolean {
    const next = [...new Set(patterns)];
    if (next.length === this.current.length && next.every((p, i) => p === this.current[i])) return false;
    this.current = next;
    try {
      writeFileSync(`${this.file}.tmp`, `${JSON.stringify({ watch: next })}\n`, { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch (err) {
      // Counting goes on from memory; only a restart before the next reply would miss the list.
      this.log?.warn('could not save the watched process patterns', { file: this.file, error: err });
    }
    return true;
  }

  private load(): readonly string[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log?.warn('could not read the watched process patterns', { file: this.file, error: err });
      return [];
    }
    let watch: string[] | null = null;
    try {
      watch = parseWatch((JSON.parse(text) as { watch?: unknown } | null)?.watch);
    } catch {
      // not JSON: as unusable as a list that does not fit
    }
    if (!watch) {
      // A torn write (power loss) or a hand edit; the server's next reply sets the list again.
      this.log?.warn('ignoring an unusable watched-patterns file until the server sends the list again', { file: this.file });
      return [];
    }
    return [...new Set(watch)];
  }
}
