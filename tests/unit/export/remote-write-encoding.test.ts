import { describe, expect, it } from 'vitest';
import { hostLabels } from '@/lib/export/labels';
import { NAMED_SERIES } from '@/lib/export/names';
import { samplePoints, toSeries } from '@/lib/export/points';
import { encodeWriteRequest, type Series } from '@/lib/export/protobuf';
import { snappyCompress } from '@/lib/export/snappy';
import { makeContainer, makeDevices, makeSample, makeService } from '../../support/samples';
import { decodeWriteRequest, snappyDecode } from './reference-decoders';

/** Deterministic bytes: a small LCG, so a failure repeats. */
function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('snappy block compression', () => {
  const repeated = new TextEncoder().encode('__name__hostwatch_cpu_usage_percent host web-1 '.repeat(3000));
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([7])],
    ['three bytes', new Uint8Array([1, 2, 3])],
    ['a run of one byte (overlapping copies)', new Uint8Array(5000).fill(42)],
    ['random 61 bytes (a 1-byte literal length)', noise(61, 1)],
    ['random 300 bytes (2-byte length)', noise(300, 2)],
    ['random 70,000 bytes (3-byte length)', noise(70_000, 3)],
    ['label text repeated past 64 KiB', repeated],
    ['noise with repeats far apart', new Uint8Array([...noise(40_000, 4), ...noise(40_000, 4), ...noise(100, 5)])],
  ];
  it.each(cases)('round-trips %s through a reference decoder', (_, input) => {
    const packed = snappyCompress(input);
    expect(Buffer.from(snappyDecode(packed)).equals(Buffer.from(input))).toBe(true);
  });

  it('compresses the repetition remote-write bodies are made of', () => {
    expect(snappyCompress(repeated).length).toBeLessThan(repeated.length / 10);
  });
});

describe('the protobuf WriteRequest', () => {
  it('decodes, by a reference decoder, to the series given: labels, values and millisecond timestamps', () => {
    const series: Series[] = [
      { labels: [['__name__', 'hostwatch_cpu_usage_percent'], ['host', 'wéb-1 "ü"'], ['host_id', 'h1']], samples: [{ value: 12.5, ts: 1_764_590_400_123 }, { value: -3, ts: 1_764_590_405_123 }] },
      { labels: [['__name__', 'hostwatch_memory_used_bytes'], ['host', 'x'.repeat(300)]], samples: [{ value: 2 ** 53, ts: 0 }] },
      { labels: [], samples: [] },
    ];
    expect(decodeWriteRequest(encodeWriteRequest(series))).toEqual(series);
  });

  it('turns a stored sample into one point per registry series, labels sorted, grouped by series in time order', () => {
    const base = hostLabels({ id: 'h1', name: 'web-1', tags: ['env:prod'] });
    const a = samplePoints(base, makeSample(10_000, 1, { containers: [makeContainer('web')], services: [makeService('nginx')], ...makeDevices({ drive: { percentUsed: 3 } }) }));
    const b = samplePoints(base, makeSample(5_000, 1, { containers: [makeContainer('web')], services: [makeService('nginx')], ...makeDevices({ drive: { percentUsed: 3 } }) }));
    expect(new Set(a.map((p) => p.labels.find(([n]) => n === '__name__')![1]))).toEqual(new Set(NAMED_SERIES.map((d) => d.name)));
    for (const p of a) expect(p.labels.map(([n]) => n)).toEqual([...p.labels.map(([n]) => n)].sort());
    const series = toSeries([...a, ...b]);
    expect(series).toHaveLength(a.length);
    const cpu = series.find((s) => s.labels.some(([n, v]) => n === '__name__' && v === 'hostwatch_cpu_usage_percent'))!;
    expect(cpu.labels).toEqual([['__name__', 'hostwatch_cpu_usage_percent'], ['host', 'web-1'], ['host_id', 'h1'], ['tag_env', 'prod']]);
    expect(cpu.samples).toEqual([{ value: makeSample(5_000, 1).cpu.total, ts: 5_000 }, { value: makeSample(10_000, 1).cpu.total, ts: 10_000 }]);
    const body = snappyCompress(encodeWriteRequest(series));
    expect(decodeWriteRequest(snappyDecode(body))).toEqual(series);
  });
});
