import { describe, expect, it } from 'vitest';
import { formatBytes, formatCelsius, formatNumber, formatPct, formatRate } from '@/lib/format';

describe('formatBytes', () => {
  it('uses binary units with up to three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 * 1024 + 300 * 1024)).toBe('10.3 MiB');
    expect(formatBytes(4_000_000_000)).toBe('3.73 GiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TiB');
  });

  it('moves to the next unit instead of printing 1024 of one', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MiB');
  });

  it('reads missing and non-finite values as a dash', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('rates, percentages, temperatures and numbers', () => {
  it('formats rates per second', () => {
    expect(formatRate(1.5 * 1024 * 1024)).toBe('1.5 MiB/s');
    expect(formatRate(null)).toBe('—');
  });

  it('formats percentages with one decimal', () => {
    expect(formatPct(42.123)).toBe('42.1 %');
    expect(formatPct(100)).toBe('100 %');
    expect(formatPct(3.45, 0)).toBe('3 %');
  });

  it('formats temperatures in °C', () => {
    expect(formatCelsius(54.26)).toBe('54.3 °C');
    expect(formatCelsius(-5)).toBe('-5 °C');
  });

  it('formats load averages', () => {
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(123.4)).toBe('123');
  });
});
