import { describe, expect, it } from 'vitest';
import { DAY, DEFAULT_RETENTION, HOUR } from '@/lib/metrics/tiers';
import { DEFAULT_SERIES_LIMITS } from '@/lib/metrics/registry';
import { planIngest } from '@/lib/store/ingest-plan';
import { emptyCatalog } from '@/lib/store/series-catalog';
import { ingestArgs, EMPTY_VERSION } from '@/lib/store/redis/ingest-args';
import { RedisKeys } from '@/lib/store/redis/keys';
import type { IngestBatch } from '@/lib/store/types';
import { sample } from '../../integration/store/sample';

const keys = new RedisKeys('hw:');
const now = Date.UTC(2025, 5, 1, 12, 0, 0);
const batchOf = (stamps: number[]): IngestBatch => ({ samples: stamps.map((ts) => sample(ts)), counters: { spooled: 0, dropped: 0 } });
const ingestPlan = (k: RedisKeys, hostId: string, batch: IngestBatch, at: number, retention: typeof DEFAULT_RETENTION) => {
  const plan = planIngest(batch, at, retention, DEFAULT_SERIES_LIMITS, emptyCatalog());
  return { ...ingestArgs(k, hostId, plan, at, retention, EMPTY_VERSION), tooOld: plan.tooOld };
};

describe('Redis layout', () => {
  it('puts every key an ingest touches under the host hash tag (one Cluster slot)', () => {
    const plan = ingestPlan(keys, 'abc', batchOf([now - 10_000, now - 5_000, now - 2 * DAY, now - 100 * DAY]), now, DEFAULT_RETENTION);
    expect(plan.keys.length).toBeGreaterThan(5);
    for (const k of plan.keys) expect(k).toMatch(/^hw:\{abc\}:/);
  });

  it('sends one script call whose keys and arguments grow with time span, not with the number of samples', () => {
    const small = ingestPlan(keys, 'abc', batchOf([now - 10_000, now - 9_000]), now, DEFAULT_RETENTION);
    const large = ingestPlan(keys, 'abc', batchOf(Array.from({ length: 500 }, (_, i) => now - 50_000 + i * 100)), now, DEFAULT_RETENTION);
    expect(large.keys.length).toBe(small.keys.length);
    expect(large.args).toHaveLength(1);
    // One process snapshot per minute slot, plus the state's texts.
    expect(large.blobs).toHaveLength(small.blobs.length);
  });

  it("passes each stored JSON text once, as its own argument: the newest sample's snapshot is the state's too", () => {
    const one = ingestPlan(keys, 'abc', batchOf([now - 1_000]), now, DEFAULT_RETENTION);
    const payload = JSON.parse(one.args[0]);
    expect(payload.nb).toBe(one.blobs.length);
    expect(payload.samples[0].ps.d).toBe(payload.st.p);
    expect(JSON.parse(one.blobs[payload.st.p - 1]).ts).toBe(now - 1_000);
    expect(JSON.parse(one.blobs[payload.st.l - 1]).ts).toBe(now - 1_000);
    expect(JSON.parse(one.blobs[payload.st.c - 1])).toEqual({ spooled: 0, dropped: 0 });
    // Two samples in one minute slot: the older carries the slot's snapshot, the state keeps the newer one's.
    const two = ingestPlan(keys, 'abc', batchOf([now - 2_000, now - 1_000]), now, DEFAULT_RETENTION);
    const p2 = JSON.parse(two.args[0]);
    expect(JSON.parse(two.blobs[p2.samples[0].ps.d - 1]).ts).toBe(now - 2_000);
    expect(JSON.parse(two.blobs[p2.st.p - 1]).ts).toBe(now - 1_000);
  });

  it('sends a sample older than every tier nowhere, and with nothing kept no state for the script to write', () => {
    const plan = ingestPlan(keys, 'abc', batchOf([now - 400 * DAY]), now, DEFAULT_RETENTION);
    expect(plan.tooOld).toBe(1);
    const payload = JSON.parse(plan.args[0]);
    expect(payload.samples).toEqual([]);
    expect(payload.st).toBeUndefined();
    expect(JSON.parse(ingestPlan(keys, 'abc', batchOf([now - 400 * DAY, now - 1_000]), now, DEFAULT_RETENTION).args[0]).st.ts).toBe(now - 1_000);
  });

  it('lists every key a host can have from time alone, so deleting a host needs no SCAN', () => {
    const all = keys.allOfHost('abc', DEFAULT_RETENTION, now);
    const plan = ingestPlan(keys, 'abc', batchOf([now - HOUR, now - 3 * DAY, now - 20 * DAY, now - 300 * DAY]), now, DEFAULT_RETENTION);
    for (const k of plan.keys) expect(all).toContain(k);
    expect(all.every((k) => k.startsWith('hw:{abc}:'))).toBe(true);
  });
});
