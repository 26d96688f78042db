import { describe, expect, it } from 'vitest';
import { ingestReplySchema, MAX_BATCH_SAMPLES, MAX_BODY_BYTES } from '@/lib/wire/contract';
import * as wire from '@/collector/wire';

const good = { accepted: 3, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 10_000, untilMs: 0 };

describe('collector/wire (the contract without zod)', () => {
  it('has the contract’s limits', () => {
    expect(wire.MAX_BATCH_SAMPLES).toBe(MAX_BATCH_SAMPLES);
    expect(wire.MAX_BODY_BYTES).toBe(MAX_BODY_BYTES);
  });

  it('reads a reply exactly when ingestReplySchema does, with the same result', () => {
    const cases: unknown[] = [
      good,
      { ...good, extra: 'ignored' },
      { ...good, untilMs: 1_800_000_000_000 },
      null,
      'ok',
      [good],
      {},
      { ...good, accepted: -1 },
      { ...good, duplicates: 1.5 },
      { ...good, sampleIntervalMs: 0 },
      { ...good, postIntervalMs: '1000' },
      { ...good, untilMs: Number.NaN },
      { ...good, untilMs: Infinity },
      { ...good, accepted: 2 ** 53 },
      { accepted: 1, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 1000 },
    ];
    for (const c of cases) {
      const z = ingestReplySchema.safeParse(c);
      expect(wire.parseIngestReply(c), JSON.stringify(c)).toEqual(z.success ? z.data : null);
    }
  });
});
