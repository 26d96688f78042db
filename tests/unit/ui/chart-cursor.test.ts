import { describe, expect, it } from 'vitest';
import { nearestIndex, pageStep, stepCursor, timeAtX } from '@/lib/ui/chart-cursor';

describe('stepCursor', () => {
  it('starts at the newest row, then steps one row per arrow and stops at the ends', () => {
    expect(stepCursor(null, 60, 'ArrowLeft')).toBe(59);
    expect(stepCursor(null, 60, 'ArrowRight')).toBe(59);
    expect(stepCursor(59, 60, 'ArrowLeft')).toBe(58);
    expect(stepCursor(58, 60, 'ArrowRight')).toBe(59);
    expect(stepCursor(59, 60, 'ArrowRight')).toBe(59);
    expect(stepCursor(0, 60, 'ArrowLeft')).toBe(0);
  });

  it('jumps to either end and by a tenth with Page Up / Down', () => {
    expect(stepCursor(30, 60, 'Home')).toBe(0);
    expect(stepCursor(null, 60, 'End')).toBe(59);
    expect(pageStep(60)).toBe(6);
    expect(pageStep(3)).toBe(1);
    expect(stepCursor(30, 60, 'PageUp')).toBe(24);
    expect(stepCursor(30, 60, 'PageDown')).toBe(36);
    expect(stepCursor(2, 60, 'PageUp')).toBe(0);
  });

  it('ignores other keys and empty charts', () => {
    expect(stepCursor(3, 60, 'a')).toBeUndefined();
    expect(stepCursor(3, 60, 'Enter')).toBeUndefined();
    expect(stepCursor(null, 0, 'ArrowLeft')).toBeUndefined();
  });
});

describe('nearestIndex', () => {
  const times = [1000, 2000, 3000, 4000];
  it('finds the nearest row, the earlier one on a tie, clamped to the ends', () => {
    expect(nearestIndex(times, 2100)).toBe(1);
    expect(nearestIndex(times, 2900)).toBe(2);
    expect(nearestIndex(times, 2500)).toBe(1);
    expect(nearestIndex(times, -5)).toBe(0);
    expect(nearestIndex(times, 99_999)).toBe(3);
    expect(nearestIndex([], 5)).toBeNull();
  });
});

describe('timeAtX', () => {
  const geo = { left: 74, right: 8, width: 482 };
  it('maps the plot area linearly onto the window and clamps outside it', () => {
    expect(timeAtX(74, geo, 0, 400_000)).toBe(0);
    expect(timeAtX(474, geo, 0, 400_000)).toBe(400_000);
    expect(timeAtX(274, geo, 0, 400_000)).toBe(200_000);
    expect(timeAtX(10, geo, 0, 400_000)).toBe(0);
    expect(timeAtX(481, geo, 0, 400_000)).toBe(400_000);
  });
  it('is the window end for a chart with no plot width', () => {
    expect(timeAtX(5, { left: 74, right: 8, width: 50 }, 0, 10)).toBe(10);
  });
});
