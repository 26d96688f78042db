import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@/lib/metrics/tiers';
import { bucketCount, chooseTier } from '@/lib/query/tier-select';

const now = Date.UTC(2026, 0, 31, 12);

function choose(rangeMs: number, points = 600, extra: { endAgo?: number; rawIntervalMs?: number } = {}) {
  const to = now - (extra.endAgo ?? 0);
  const c = chooseTier({ from: to - rangeMs, to, points, now, rawIntervalMs: extra.rawIntervalMs });
  return { tier: c.tier.name, stepMs: c.stepMs, count: bucketCount(to - rangeMs, to, c.stepMs) };
}

describe('chooseTier', () => {
  it('uses raw samples for short recent ranges', () => {
    expect(choose(30 * MINUTE)).toMatchObject({ tier: 'raw', stepMs: 5_000 });
  });

  it('skips raw when the samples would be more than the points asked for', () => {
    expect(choose(HOUR).tier).toBe('1m'); // 720 raw samples at 5 s > 600
    expect(choose(HOUR, 2000).tier).toBe('raw');
    expect(choose(HOUR, 600, { rawIntervalMs: 10_000 }).tier).toBe('raw');
  });

  it('picks 5-minute buckets for a day and hourly for a week at 600 points', () => {
    expect(choose(DAY)).toMatchObject({ tier: '5m', stepMs: 5 * MINUTE });
    expect(choose(7 * DAY)).toMatchObject({ tier: '1h', stepMs: HOUR });
  });

  it('never picks a tier whose retention no longer covers the start', () => {
    // 2 hours ending 2 days ago: raw (24 h) has dropped it, 1-minute still keeps it.
    expect(choose(2 * HOUR, 600, { endAgo: 2 * DAY }).tier).toBe('1m');
    // 10 minutes, 3 days ago: raw would fit by size but is gone.
    expect(choose(10 * MINUTE, 600, { endAgo: 3 * DAY }).tier).toBe('1m');
    // 6 hours, 10 days ago: only 5-minute and hourly remain.
    expect(choose(6 * HOUR, 600, { endAgo: 10 * DAY }).tier).toBe('5m');
  });

  it('merges hourly buckets when even the coarsest tier has too many', () => {
    const c = choose(30 * DAY);
    expect(c.tier).toBe('1h');
    expect(c.stepMs).toBe(2 * HOUR);
    expect(c.count).toBeLessThanOrEqual(600);
  });

  it('keeps within the points asked for across many ranges', () => {
    for (const range of [MINUTE, 17 * MINUTE, 3 * HOUR, 25 * HOUR, 6 * DAY, 29 * DAY, 200 * DAY, 3 * 365 * DAY]) {
      for (const points of [1, 10, 600, 2000]) {
        const c = choose(range, points);
        if (c.tier !== 'raw') expect(c.count, `${range} ms at ${points} points`).toBeLessThanOrEqual(points);
      }
    }
  });

  it('uses the hourly tier for ranges older than every retention', () => {
    expect(choose(HOUR, 600, { endAgo: 2 * 365 * DAY }).tier).toBe('1h');
  });
});
