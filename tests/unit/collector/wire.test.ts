import { describe, expect, it } from 'vitest';
import { ingestReplySchema, MAX_BATCH_SAMPLES, MAX_BODY_BYTES, MAX_REFUSED_REASON, MAX_WATCH_PATTERNS } from '@/lib/wire/contract';
import * as wire from '@/collector/wire';

const good = { accepted: 3, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 10_000, untilMs: 0 };

describe('collector/wire (the contract without zod)', () => {
  it('has the contract’s limits', () => {
    expect(wire.MAX_BATCH_SAMPLES).toBe(MAX_BATCH_SAMPLES);
    expect(wire.MAX_BODY_BYTES).toBe(MAX_BODY_BYTES);
    expect(wire.MAX_WATCH_PATTERNS).toBe(MAX_WATCH_PATTERNS);
    expect(wire.MAX_REFUSED_REASON).toBe(MAX_REFUSED_REASON);
    // The pattern length bound, read from the schema itself: the longest it takes and the shortest it refuses.
    const n = wire.MAX_WATCH_PATTERN_LENGTH;
    expect(ingestReplySchema.safeParse({ ...good, watch: ['x'.repeat(n)] }).success).toBe(true);
    expect(ingestReplySchema.safeParse({ ...good, watch: ['x'.repeat(n + 1)] }).success).toBe(false);
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
      // watch: absent keeps the last list, [] clears it, anything that does not fit refuses the whole reply
      { ...good, watch: [] },
      { ...good, watch: ['nginx', 'postgres: checkpointer', 'nginx'] },
      { ...good, watch: undefined },
      { ...good, watch: ['x'.repeat(128)] },
      { ...good, watch: ['x'.repeat(129)] },
      { ...good, watch: ['é'.repeat(128)] },
      { ...good, watch: ['😀'.repeat(64)] },
      { ...good, watch: ['😀'.repeat(65)] },
      { ...good, watch: ['😀'.repeat(128)] },
      { ...good, watch: ['😀'.repeat(129)] },
      { ...good, watch: ['\ud83d'.repeat(128)] },
      { ...good, watch: ['\ud83d'.repeat(129)] },
      { ...good, watch: ['x' + '😀'.repeat(127) + '\ude00'] },
      { ...good, watch: [''] },
      { ...good, watch: ['ok', 7] },
      { ...good, watch: ['ok', null] },
      { ...good, watch: null },
      { ...good, watch: 'nginx' },
      { ...good, watch: { 0: 'nginx', length: 1 } },
      { ...good, watch: Array.from({ length: 64 }, (_, i) => `p${i}`) },
      { ...good, watch: Array.from({ length: 65 }, (_, i) => `p${i}`) },
      // refused: absent when none were; anything that does not fit refuses the whole reply, unknown keys inside are dropped
      { ...good, refused: { count: 2, reason: 'older than any history kept' } },
      { ...good, refused: { count: 2, reason: 'x', extra: true } },
      { ...good, refused: undefined },
      { ...good, refused: { count: 0, reason: 'x' } },
      { ...good, refused: { count: 1.5, reason: 'x' } },
      { ...good, refused: { count: 1, reason: '' } },
      { ...good, refused: { count: 1 } },
      { ...good, refused: { count: 1, reason: 7 } },
      { ...good, refused: { count: 1, reason: 'x'.repeat(300) } },
      { ...good, refused: { count: 1, reason: 'x'.repeat(301) } },
      { ...good, refused: { count: 1, reason: '😀'.repeat(300) } },
      { ...good, refused: { count: 1, reason: '😀'.repeat(301) } },
      { ...good, refused: null },
      { ...good, refused: [1, 'x'] },
      { ...good, refused: 3 },
    ];
    for (const c of cases) {
      const z = ingestReplySchema.safeParse(c);
      expect(wire.parseIngestReply(c), JSON.stringify(c)).toEqual(z.success ? z.data : null);
    }
    // toEqual does not tell an absent key from an undefined one; "absent" must stay absent (keep the last list).
    expect('watch' in wire.parseIngestReply(good)!).toBe(false);
    expect('refused' in wire.parseIngestReply({ ...good, refused: undefined })!).toBe(false);
  });
});
