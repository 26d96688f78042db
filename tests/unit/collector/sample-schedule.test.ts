import { describe, expect, it } from 'vitest';
import { BoundarySchedule, boundaryAfter, nextBoundary, type Timers } from '@/collector/sample-schedule';

/** A wall clock and a timer queue the test advances by hand; `late` is how late every timer fires. */
function fakeTime(startMs: number, late: (n: number) => number = () => 0) {
  let now = startMs;
  let fired = 0;
  const pending: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    set: (fn, ms) => {
      const id = nextId++;
      pending.push({ at: now + ms + late(fired++), fn, id });
      return id;
    },
    clear: (h) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => now,
    advance: (ms: number) => (now += ms),
    /** Fires the earliest timer, moving the clock to its time. */
    async fireNext(): Promise<void> {
      pending.sort((a, b) => a.at - b.at);
      const t = pending.shift();
      if (!t) throw new Error('no timer pending');
      now = Math.max(now, t.at);
      t.fn();
      await new Promise((r) => setImmediate(r)); // let the run finish and arm the next timer
    },
    get pending() {
      return pending.length;
    },
  };
}

describe('wall-clock aligned sampling', () => {
  it('finds the next boundary strictly after now', () => {
    expect(boundaryAfter(1_700_000_000_040, 1000)).toBe(1_700_000_001_000);
    expect(boundaryAfter(1_700_000_001_000, 1000)).toBe(1_700_000_002_000);
    expect(boundaryAfter(1_700_000_003_100, 5000)).toBe(1_700_000_005_000);
  });

  it('never repeats a boundary when a timer fires a little early, skips one a slow sample missed, and starts over after a clock step', () => {
    expect(nextBoundary(9_999, 1000, 10_000)).toBe(11_000); // fired 1 ms early for 10 000
    expect(nextBoundary(10_003, 1000, 10_000)).toBe(11_000);
    expect(nextBoundary(11_700, 1000, 10_000)).toBe(12_000); // the sample for 10 000 took 1.7 s: 11 000 is gone
    expect(nextBoundary(10_000 - 3_600_000, 1000, 10_000)).toBe(10_000 - 3_599_000); // clock stepped back an hour
    expect(nextBoundary(10_000 + 3_600_000, 1000, 10_000)).toBe(10_000 + 3_601_000);
  });

  it('keeps samples on the second over hours although every timer fires 1 ms late and each sample takes 30 ms', async () => {
    const t = fakeTime(1_700_000_000_123, () => 1);
    const at: number[] = [];
    const s = new BoundarySchedule(
      async () => {
        at.push(t.now());
        t.advance(30);
      },
      () => 1000,
      t.now,
      t.timers,
    );
    s.start();
    for (let i = 0; i < 3 * 3600; i++) await t.fireNext();
    // Each sample starts 1 ms after its second, the last as the first: no drift accumulates.
    expect(new Set(at.map((ms) => ms % 1000))).toEqual(new Set([1]));
    expect(at[0]).toBe(1_700_000_001_001);
    expect(at.at(-1)! - at[0]!).toBe((3 * 3600 - 1) * 1000);
  });

  it('takes the first sample at least half an interval after start (its rates need the priming read that long ago)', async () => {
    const t = fakeTime(1_700_000_004_800);
    const at: number[] = [];
    const s = new BoundarySchedule(async () => void at.push(t.now()), () => 5000, t.now, t.timers);
    s.start();
    await t.fireNext();
    expect(at).toEqual([1_700_000_010_000]); // not 1_700_000_005_000, 200 ms after the priming read
  });

  it('moves to the new interval at once when the cadence changes, on its boundaries', async () => {
    const t = fakeTime(1_700_000_000_000);
    let interval = 5000;
    const at: number[] = [];
    const s = new BoundarySchedule(async () => void at.push(t.now()), () => interval, t.now, t.timers);
    s.start();
    await t.fireNext(); // …005 000
    t.advance(300);
    interval = 1000; // someone opened the host page: live mode
    s.reschedule();
    expect(t.pending).toBe(1);
    await t.fireNext();
    await t.fireNext();
    interval = 5000;
    await t.fireNext(); // scheduled at 1 s before the change back; the one after follows the new interval
    await t.fireNext();
    expect(at).toEqual([1_700_000_005_000, 1_700_000_006_000, 1_700_000_007_000, 1_700_000_008_000, 1_700_000_010_000]);
    s.stop();
    expect(t.pending).toBe(0);
  });

  it('does not schedule twice when the cadence changes while a sample is running', async () => {
    const t = fakeTime(1_700_000_000_000);
    let release: () => void = () => {};
    const s = new BoundarySchedule(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
      () => 1000,
      t.now,
      t.timers,
    );
    s.start();
    await t.fireNext();
    expect(t.pending).toBe(0); // running
    s.reschedule();
    expect(t.pending).toBe(0);
    release();
    await new Promise((r) => setImmediate(r));
    expect(t.pending).toBe(1);
    expect(s.target).toBe(1_700_000_002_000);
  });
});
