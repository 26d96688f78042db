import { describe, expect, it } from 'vitest';
import { cadenceFor, DEFAULT_CADENCE, LIVE_CADENCE } from '@/lib/ingest/cadence';

describe('cadenceFor', () => {
  const now = 1_000_000;
  it('asks for the default cadence with no override when nobody watches', () => {
    expect(cadenceFor(null, now)).toEqual({ ...DEFAULT_CADENCE, untilMs: 0 });
    expect(DEFAULT_CADENCE).toEqual({ sampleIntervalMs: 5_000, postIntervalMs: 10_000 });
  });
  it('asks for 1 s sampling and posting until the watch mark ends', () => {
    expect(cadenceFor(now + 60_000, now)).toEqual({ sampleIntervalMs: 1_000, postIntervalMs: 1_000, untilMs: now + 60_000 });
    expect(LIVE_CADENCE.sampleIntervalMs).toBe(1_000);
  });
  it('treats an expired watch mark as not watched', () => {
    expect(cadenceFor(now, now).untilMs).toBe(0);
    expect(cadenceFor(now - 1, now).sampleIntervalMs).toBe(5_000);
  });
});
