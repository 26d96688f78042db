import { describe, expect, it } from 'vitest';
import { InvalidInput } from '@/lib/errors';
import { errorResponse } from '@/lib/http/error-response';
import { METRIC_NAMES } from '@/lib/metrics/registry';
import { MAX_SERIES_PER_READ, resolveMetrics } from '@/lib/query/metric-names';

const FIXED_SERIES_NAMES = METRIC_NAMES.filter((n) => n !== 'temp.max');

const available = [...FIXED_SERIES_NAMES, 'temp.max', 'fs:/', 'fs:/var'];

describe('resolveMetrics', () => {
  it('defaults to every series the host keeps', () => {
    expect(resolveMetrics(null, available)).toEqual(available);
    expect(resolveMetrics(null, [])).toEqual(FIXED_SERIES_NAMES);
  });

  it('gives a group its series, disk with the host filesystems', () => {
    expect(resolveMetrics(null, available, 'memory')).toEqual(['mem.used', 'mem.available', 'mem.cached', 'swap.used', 'swap.total']);
    expect(resolveMetrics(null, available, 'disk')).toEqual(['disk.read', 'disk.write', 'fs:/', 'fs:/var']);
  });

  it('accepts fixed names and this host’s filesystems', () => {
    expect(resolveMetrics(['cpu.total', 'fs:/var', 'temp.max'], available)).toEqual(['cpu.total', 'fs:/var', 'temp.max']);
  });

  it('bounds the default answer however many per-entity series a host has, filesystems first', () => {
    const many = [...available, ...Array.from({ length: 300 }, (_, i) => `net.rx:veth${i}`), ...Array.from({ length: 300 }, (_, i) => `fs:/m${i}`)];
    const chosen = resolveMetrics(null, many);
    expect(chosen).toHaveLength(MAX_SERIES_PER_READ);
    expect(chosen.slice(0, FIXED_SERIES_NAMES.length + 1)).toEqual([...FIXED_SERIES_NAMES, 'temp.max']);
    expect(chosen.slice(FIXED_SERIES_NAMES.length + 1).every((n) => n.startsWith('fs:'))).toBe(true);
  });

  it('answers 400 naming the metrics parameter when a request asks for more than the bound', () => {
    const asked = Array.from({ length: MAX_SERIES_PER_READ + 1 }, () => 'cpu.total');
    expect(() => resolveMetrics(asked, available)).toThrow(/metrics: at most 64/);
  });

  it('answers 400 listing unknown metrics', () => {
    try {
      resolveMetrics(['cpu.total', 'cpu.bogus', 'fs:/nope'], available);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidInput);
      expect(errorResponse(err).status).toBe(400);
      expect((err as InvalidInput).code).toBe('unknown_metric');
      expect((err as InvalidInput).message).toContain('cpu.bogus, fs:/nope');
    }
  });
});
