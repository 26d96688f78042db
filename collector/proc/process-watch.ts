import { redactCmdline } from '../redact-args';
import { argv0Basename, matchingPatterns } from '../watch-match';
import { readTextPrefix } from './read';

/**
 * What a process record (processes.ts) keeps for counting watched patterns.
 * It lives and dies with the record, so a gone pid takes its entry with it.
 */
export interface WatchSlot {
  /** The pattern generation `watchHits` was computed for; -1 when it must be computed again. */
  watchGen: number;
  /** Indexes of the patterns this process matches. */
  watchHits: readonly number[];
  /** Its command line was read when the process was old enough not to retitle itself any more. */
  watchSettled: boolean;
}

/**
 * Matching reads at most this much of a command line: patterns are at most 128
 * characters and a command line can be megabytes (a Java classpath).
 */
const MAX_CMDLINE_BYTES = 64 * 1024;

/**
 * A process younger than this when its command line was read may still
 * rename itself (postgres, nginx and sshd set a title right after start,
 * which keeps pid, start time and, mostly, the name): it is read once more
 * when it has grown older.
 */
const SETTLE_SECONDS = 5;

/**
 * Counts, over every process of a scan, how many match each watched pattern
 * (collector/watch-match.ts). A process's matches are computed once per
 * (pid, start time, name) and kept in its record: a steady host reads no
 * command line per scan after the first, and a scan costs one loop over each
 * process's (usually empty) match list. Without patterns it does nothing.
 */
export class WatchCounter {
  private patterns: readonly string[] = [];
  /** The patterns as /proc text is decoded (latin1 of their UTF-8 bytes), so matching is byte for byte. */
  private asProcText: readonly string[] = [];
  private counts: number[] = [];
  private gen = 0;
  private readonly settleTicks: number;
  /** Command lines read so far (tests and benchmarks look at it). */
  cmdlineReads = 0;

  constructor(
    private readonly procRoot: string,
    clockTicks: number,
  ) {
    this.settleTicks = SETTLE_SECONDS * clockTicks;
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  /** Replaces the patterns (duplicates dropped); true when they changed, which makes every process be matched again. */
  set(patterns: readonly string[]): boolean {
    const next = [...new Set(patterns)];
    if (next.length === this.patterns.length && next.every((p, i) => p === this.patterns[i])) return false;
    this.patterns = next;
    this.asProcText = next.map((p) => Buffer.from(p, 'utf8').toString('latin1'));
    this.counts = next.map(() => 0);
    this.gen++;
    return true;
  }

  /** Starts a scan's counts. */
  begin(): void {
    this.counts.fill(0);
  }

  /** Counts one process seen in this scan; `comm` as read from its stat. */
  add(slot: WatchSlot, pid: number, comm: string, starttime: number, uptimeTicks: number): void {
    const old = uptimeTicks - starttime >= this.settleTicks;
    if (slot.watchGen !== this.gen || (!slot.watchSettled && old)) {
      // Gone since its stat was read, or unreadable: '' leaves its name to match by.
      const raw = readTextPrefix(`${this.procRoot}/${pid}/cmdline`, MAX_CMDLINE_BYTES) ?? '';
      this.cmdlineReads++;
      // Matched redacted, as the top list shows it: a count must not answer whether a secret starts with a guess.
      slot.watchHits = matchingPatterns(this.asProcText, { name: comm, argv0: argv0Basename(raw), command: redactCmdline(raw) });
      slot.watchGen = this.gen;
      slot.watchSettled = old;
    }
    for (const i of slot.watchHits) this.counts[i]!++;
  }

  /** This scan's counts, every pattern present (0 included), as the server sent them. */
  result(): { pattern: string; count: number }[] {
    return this.patterns.map((pattern, i) => ({ pattern, count: this.counts[i]! }));
  }
}
