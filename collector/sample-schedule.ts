/**
 * When to take the next sample: on the wall clock's boundaries of the
 * interval (every 5 s at :00, :05, …; at 1 s on each second), as Prometheus
 * aligns its scrapes. Re-deriving each delay from the clock instead of adding
 * the interval to the last timer means lateness never accumulates (a timer
 * that always fires a millisecond late drifted a second in 17 minutes), and
 * hosts with the same interval sample the same instants, so dashboards
 * comparing them second by second compare the same windows. The sample still
 * reports the interval it measured (`intervalMs`), which may differ a little
 * from the nominal one.
 */

/** The first boundary of `intervalMs` strictly after `nowMs`. */
export function boundaryAfter(nowMs: number, intervalMs: number): number {
  return (Math.floor(nowMs / intervalMs) + 1) * intervalMs;
}

/**
 * The boundary to sample at next, after a sample for `lastBoundary` (null
 * before the first). A timer that fired a little early by the wall clock (it
 * runs on the monotonic clock, which NTP slewing leaves behind) is still
 * before the boundary it was for: the next one is the one after, never the
 * same boundary twice. A boundary already past (a slow sample) is skipped,
 * not caught up. A wall clock stepped back or forward starts over from now.
 */
export function nextBoundary(nowMs: number, intervalMs: number, lastBoundary: number | null): number {
  const next = boundaryAfter(nowMs, intervalMs);
  return lastBoundary !== null && next <= lastBoundary && lastBoundary - nowMs < intervalMs ? lastBoundary + intervalMs : next;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Runs `run` on every boundary of `intervalMs()` (read at each scheduling, so
 * a cadence change applies from the next boundary), one run at a time: the
 * next is scheduled when the last one has finished.
 */
export class BoundarySchedule {
  private handle: unknown = null;
  private last: number | null = null;
  private stopped = true;
  /** The boundary the pending timer is for (tests, logs). */
  target: number | null = null;

  constructor(
    private readonly run: (boundaryMs: number) => Promise<void>,
    private readonly intervalMs: () => number,
    private readonly now: () => number = Date.now,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The first run comes at least half an interval from now: its rates need counters read that long ago (the priming read). */
  start(): void {
    this.stopped = false;
    this.arm(this.intervalMs() / 2);
  }

  /** The interval changed: aim at the next boundary of the new one now, not after the old one runs out. */
  reschedule(): void {
    if (this.stopped || this.handle === null) return; // a run in progress schedules the next itself
    this.timers.clear(this.handle);
    this.handle = null;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  private arm(leadMs = 0): void {
    const now = this.now();
    const at = nextBoundary(now + leadMs, this.intervalMs(), this.last);
    this.target = at;
    this.handle = this.timers.set(() => void this.fire(at), Math.max(0, at - now));
  }

  private async fire(at: number): Promise<void> {
    this.handle = null;
    this.last = at;
    try {
      await this.run(at);
    } finally {
      if (!this.stopped) this.arm();
    }
  }
}
