import { describe, expect, it } from 'vitest';
import { expectedPeriodMs, hostStatus } from '@/lib/query/host-status';

describe('hostStatus', () => {
  const now = 10_000_000;
  const period = 10_000;
  it('is online while posts arrive about on time', () => {
    expect(hostStatus(now, period, now)).toBe('online');
    expect(hostStatus(now - 30_000, period, now)).toBe('online');
  });
  it('is stale after a few missed posts and offline after many', () => {
    expect(hostStatus(now - 31_000, period, now)).toBe('stale');
    expect(hostStatus(now - 300_000, period, now)).toBe('stale');
    expect(hostStatus(now - 300_001, period, now)).toBe('offline');
  });
  it('is waiting for its first report when never seen, not offline', () => {
    expect(hostStatus(null, period, now)).toBe('waiting');
  });
  it('expects a host that samples rarely to post rarely', () => {
    expect(expectedPeriodMs(5_000)).toBe(10_000);
    expect(expectedPeriodMs(60_000)).toBe(60_000);
    expect(expectedPeriodMs(null)).toBe(10_000);
  });
});
