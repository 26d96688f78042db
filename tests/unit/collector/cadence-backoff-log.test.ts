import { describe, expect, it } from 'vitest';
import { AUTH_RETRY_MS, BACKOFF_MAX_MS, backoffMs, PROBE_MAX_MS, PROBE_MIN_MS, probeDelayMs } from '@/collector/backoff';
import { Cadence } from '@/collector/cadence';
import { retryAfterMs } from '@/collector/http-post';
import { createLogger, redact } from '@/collector/log';

describe('backoff', () => {
  it('doubles from 1 s with up to 50% jitter, capped at 5 min', () => {
    expect(backoffMs(0, null, () => 0)).toBe(1000);
    expect(backoffMs(0, null, () => 0.999)).toBeLessThanOrEqual(1500);
    expect(backoffMs(3, null, () => 0)).toBe(8000);
    expect(backoffMs(20, null, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(AUTH_RETRY_MS).toBeGreaterThanOrEqual(60_000);
  });

  it('probes an unreachable server every 3 to 6 s, spread at random, however long it has been down', () => {
    expect(probeDelayMs(() => 0)).toBe(PROBE_MIN_MS);
    expect(probeDelayMs(() => 1)).toBe(PROBE_MAX_MS);
    expect(PROBE_MIN_MS).toBe(3000);
    expect(PROBE_MAX_MS).toBeLessThanOrEqual(6000);
  });

  it('follows Retry-After given in seconds or as a date', () => {
    expect(backoffMs(0, 7000, () => 0.5)).toBe(7000);
    expect(backoffMs(9, 2000, () => 0.5)).toBe(2000);
    expect(backoffMs(0, 0, () => 0.5)).toBe(1000);
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(10_000 + 3000).toUTCString(), 10_000)).toBeLessThanOrEqual(3000);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('cadence', () => {
  it('follows the server until its deadline, then returns to its own settings', () => {
    let now = 1000;
    const c = new Cadence({ sampleMs: 5000, postMs: 10_000 }, () => now);
    expect(c.apply({ sampleIntervalMs: 1000, postIntervalMs: 2000, untilMs: 61_000 })).toBe(true);
    expect([c.sampleMs, c.postMs, c.isLive]).toEqual([1000, 2000, true]);
    now = 61_000;
    expect([c.sampleMs, c.postMs, c.isLive]).toEqual([5000, 10_000, false]);
  });

  it('ignores an expired request and clamps absurd intervals', () => {
    const c = new Cadence({ sampleMs: 5000, postMs: 10_000 }, () => 1000);
    expect(c.apply({ sampleIntervalMs: 1000, postIntervalMs: 1000, untilMs: 500 })).toBe(false);
    c.apply({ sampleIntervalMs: 1, postIntervalMs: 1, untilMs: 5000 });
    expect([c.sampleMs, c.postMs]).toEqual([1000, 1000]);
  });
});

describe('log', () => {
  it('writes one line per event with a level and never the token', () => {
    const lines: string[] = [];
    redact('tok_0123456789abcdef');
    const log = createLogger('info', (l) => lines.push(l)).child({ host: 'a' });
    log.debug('hidden');
    log.warn('send failed', { error: new Error('bad header Bearer tok_0123456789abcdef\nsecond line') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+ WARN send failed host=a error="bad header Bearer \[redacted\] second line"\n$/);
  });
});
