import { describe, expect, it } from 'vitest';
import { USAGE_LEVEL_TEXT, USAGE_THRESHOLDS, usageLevel } from '@/lib/ui/thresholds';

describe('usage thresholds', () => {
  it('is high from 75 % and critical from 90 %, inclusive, as the host page paints its filesystem bars', () => {
    expect(USAGE_THRESHOLDS).toEqual({ warn: 75, critical: 90 });
    expect(usageLevel(0)).toBe('ok');
    expect(usageLevel(74.99)).toBe('ok');
    expect(usageLevel(75)).toBe('warn');
    expect(usageLevel(89.9)).toBe('warn');
    expect(usageLevel(90)).toBe('critical');
    expect(usageLevel(92)).toBe('critical');
    expect(usageLevel(100)).toBe('critical');
  });

  it('judges nothing without a value', () => {
    expect(usageLevel(null)).toBeNull();
    expect(usageLevel(undefined)).toBeNull();
    expect(usageLevel(Number.NaN)).toBeNull();
    expect(usageLevel(Infinity)).toBeNull();
  });

  it('gives every level above ok a symbol and words, distinct from each other, so colour is never alone', () => {
    expect(USAGE_LEVEL_TEXT.ok).toEqual({ words: '', symbol: '' });
    expect(USAGE_LEVEL_TEXT.warn.symbol).not.toBe('');
    expect(USAGE_LEVEL_TEXT.critical.symbol).not.toBe(USAGE_LEVEL_TEXT.warn.symbol);
    expect(USAGE_LEVEL_TEXT.warn.words).toContain('75 %');
    expect(USAGE_LEVEL_TEXT.critical.words).toContain('90 %');
  });
});
