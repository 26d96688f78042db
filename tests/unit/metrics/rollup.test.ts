import { describe, expect, it } from 'vitest';
import { addSample, addValue, aggValue, formatBucket, parseBucket, readableWindow, retentionFloor, sampleTargets, type BucketAggs } from '@/lib/metrics/rollup';
import { DAY, HOUR, MINUTE, tiers } from '@/lib/metrics/tiers';

const retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };

describe('rollup aggregates', () => {
  it('accumulate sum, count, min and max incrementally in any order', () => {
    const a = [5, 1, 9].reduce<ReturnType<typeof addValue> | undefined>((acc, v) => addValue(acc, v), undefined)!;
    expect(a).toEqual({ sum: 15, count: 3, min: 1, max: 9 });
  });

  it('give avg, min and max in the series unit', () => {
    expect(aggValue('cpu.total', { sum: 1000 + 2000 + 6000, count: 3, min: 1000, max: 6000 })).toEqual({ avg: 30, min: 10, max: 60 });
  });

  it('round-trip a bucket through its text form, in column order', () => {
    const bucket: BucketAggs = new Map();
    addSample(bucket, [3, 0], [7, 11]);
    addSample(bucket, [0, 3], [13, 1]);
    const text = formatBucket(bucket);
    expect(text).toBe('0,24,2,11,13;3,8,2,1,7');
    expect(parseBucket(text)).toEqual(bucket);
    expect(parseBucket(null).size).toBe(0);
  });

  it('skip and report entries that cannot be read instead of failing the whole bucket', () => {
    const bad: string[] = [];
    const parsed = parseBucket('1,2,x,4,5;2,Infinity,2,1,1e308;3,5,0,1,2;4,-1,1,0,0;5,1,1,2,1;6,7,1,7,7;7,8', (e) => bad.push(e));
    expect([...parsed.keys()]).toEqual([6]);
    expect(bad).toEqual(['1,2,x,4,5', '2,Infinity,2,1,1e308', '3,5,0,1,2', '4,-1,1,0,0', '5,1,1,2,1', '7,8']);
  });

  it('read digits, exponents, points, signs, long and empty numbers exactly as Number reads them', () => {
    // The reading before the character scanner, kept as the oracle.
    const bySplit = (text: string) => {
      const out = new Map<number, { sum: number; count: number; min: number; max: number }>();
      for (const entry of text.split(';')) {
        const parts = entry.split(',');
        const [col, sum, count, min, max] = parts.map(Number);
        const ok = parts.length === 5 && Number.isInteger(col) && col! >= 0 && Number.isInteger(count) && count! > 0 &&
          [sum, min, max].every((v) => Number.isFinite(v) && v! >= 0) && min! <= max!;
        if (ok) out.set(col!, { sum: sum!, count: count!, min: min!, max: max! });
      }
      return out;
    };
    const texts = [
      '0,24,2,11,13;3,8,2,1,7',
      '0,8.1129638414606682e+19,3600,9007199254740992,9007199254740992',
      '1,123456789012345678,2,1,1;2,1234567890123456,2,1,1;3,123456789012345,2,1,1',
      '4,,1,0,0;5,1.5,2,0.5,1;6,+3,1,3,3;7,1e3,1,1000,1000;8,0x10,1,16,16;9, 5,1,5,5',
      '10,1,1,1,1,1;11,1,1,1;;12,1,1,1,1;',
      '',
    ];
    for (const text of texts) expect(parseBucket(text), text).toEqual(bySplit(text));
  });

  it('keep sums past 2^53 finite and readable: exponent form, never an overflowed integer', () => {
    const bucket: BucketAggs = new Map();
    for (let i = 0; i < 3_600; i++) addSample(bucket, [0], [2 ** 53]);
    const back = parseBucket(formatBucket(bucket)).get(0)!;
    expect(back.count).toBe(3_600);
    expect(back.sum).toBe(3_600 * 2 ** 53);
    expect(aggValue('mem.used', back)).toEqual({ avg: 2 ** 53, min: 2 ** 53, max: 2 ** 53 });
  });
});

describe('where a sample goes', () => {
  const now = Date.UTC(2025, 0, 10, 12, 0, 0);
  it('a recent sample goes to raw and every rollup tier, in the bucket that holds it', () => {
    const ts = now - 90_500;
    const t = sampleTargets(ts, now, retention);
    expect(t.raw).toBe(true);
    expect(t.rollups.map((r) => [r.tier.name, r.bucket])).toEqual([
      ['1m', now - 2 * MINUTE],
      ['5m', now - 5 * MINUTE],
      ['1h', now - HOUR],
    ]);
  });

  it('a late sample goes only to the tiers whose retention still covers it', () => {
    expect(sampleTargets(now - 2 * DAY, now, retention).raw).toBe(false);
    expect(sampleTargets(now - 2 * DAY, now, retention).rollups.map((r) => r.tier.name)).toEqual(['1m', '5m', '1h']);
    expect(sampleTargets(now - 10 * DAY, now, retention).rollups.map((r) => r.tier.name)).toEqual(['5m', '1h']);
    expect(sampleTargets(now - 100 * DAY, now, retention).rollups.map((r) => r.tier.name)).toEqual(['1h']);
    expect(sampleTargets(now - 400 * DAY, now, retention)).toEqual({ raw: false, rollups: [] });
  });

  it('a bucket stays visible while any of its time is inside retention', () => {
    const [raw, minute] = tiers(retention);
    expect(retentionFloor(minute, now)).toBe(now - 7 * DAY - MINUTE + 1);
    expect(retentionFloor(raw, now)).toBe(now - DAY + 1);
  });
});

describe('readableWindow', () => {
  const retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };
  const now = 1_000 * DAY;

  it('keeps a range inside retention as asked', () => {
    expect(readableWindow('raw', retention, now - HOUR, now, now)).toMatchObject({ tier: { name: 'raw' }, from: now - HOUR });
  });

  it('moves the start up to what the tier still keeps', () => {
    const w = readableWindow('1m', retention, 0, now, now);
    expect(w?.tier.name).toBe('1m');
    expect(w?.from).toBe(now - 7 * DAY - MINUTE + 1);
  });

  it('answers null when the whole range is older than the tier keeps', () => {
    expect(readableWindow('raw', retention, now - 3 * DAY, now - 2 * DAY, now)).toBeNull();
  });
});

describe('formatBucket', () => {
  /** What the text form is: each entry as JavaScript formats its numbers, in column order. */
  const reference = (bucket: BucketAggs) =>
    [...bucket.entries()]
      .sort(([a], [b]) => a - b)
      .map(([col, a]) => `${col},${a.sum},${a.count},${a.min},${a.max}`)
      .join(';');

  it('writes every number exactly as JavaScript does, whole or past 2^53, in any insertion order', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const edges = [0, -0, 1, 9, 10, 99, 100, 2 ** 31, 2 ** 32 + 1, 1e15, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 3_600 * 2 ** 53, 1e21, 1.5e300];
    for (let round = 0; round < 300; round++) {
      const bucket: BucketAggs = new Map();
      const cols = Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 5_000));
      for (const col of cols) {
        const pick = () => (rand() < 0.3 ? edges[Math.floor(rand() * edges.length)]! : Math.floor(rand() * 10 ** Math.floor(rand() * 17)));
        bucket.set(col, { sum: pick(), count: 1 + Math.floor(rand() * 100_000), min: pick(), max: pick() });
      }
      expect(formatBucket(bucket)).toBe(reference(bucket));
    }
    expect(formatBucket(new Map())).toBe('');
  });
});
