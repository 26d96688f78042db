import { describe, expect, it } from 'vitest';
import { formatAgo, formatDateTime, formatDuration, formatTick, formatUptime } from '@/lib/format';

const NOW = Date.UTC(2026, 0, 31, 14, 5, 9);

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(800)).toBe('800 ms');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(93_784_000)).toBe('1 d 2 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});

describe('formatAgo', () => {
  it('reads recent, past and future times', () => {
    expect(formatAgo(NOW - 2_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 40_000, NOW)).toBe('40 s ago');
    expect(formatAgo(NOW - 185_000, NOW)).toBe('3 min ago');
    expect(formatAgo(NOW - 5 * 3_600_000, NOW)).toBe('5 h ago');
    expect(formatAgo(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
    expect(formatAgo(NOW + 120_000, NOW)).toBe('in 2 min');
    expect(formatAgo(null, NOW)).toBe('never');
  });
});

describe('formatUptime', () => {
  it('is the time since boot, or a dash when unknown or in the future', () => {
    expect(formatUptime(NOW - (12 * 86_400_000 + 3 * 3_600_000), NOW)).toBe('12 d 3 h');
    expect(formatUptime(0, NOW)).toBe('—');
    expect(formatUptime(NOW + 1000, NOW)).toBe('—');
  });
});

describe('formatTick and formatDateTime', () => {
  it('picks the precision from the range', () => {
    expect(formatTick(NOW, 5 * 60_000, true)).toBe('14:05:09');
    expect(formatTick(NOW, 3_600_000, true)).toBe('14:05');
    expect(formatTick(NOW, 7 * 86_400_000, true)).toBe('Jan 31 14:05');
    expect(formatTick(NOW, 30 * 86_400_000, true)).toBe('Jan 31');
    expect(formatDateTime(NOW, true)).toBe('Jan 31 14:05:09');
  });
});
