import { describe, expect, it } from 'vitest';
import { InvalidInput } from '@/lib/errors';
import { errorResponse } from '@/lib/http/error-response';
import { FIXED_SERIES_NAMES } from '@/lib/metrics/series';
import { resolveMetrics } from '@/lib/query/metric-names';

const available = [...FIXED_SERIES_NAMES, 'temp.max', 'fs:/', 'fs:/var'];

describe('resolveMetrics', () => {
  it('defaults to every series the host keeps', () => {
    expect(resolveMetrics(null, available)).toEqual(available);
    expect(resolveMetrics(null, [])).toEqual(FIXED_SERIES_NAMES);
  });

  it('gives a group its series, disk with the host filesystems', () => {
    expect(resolveMetrics(null, available, 'memory')).toEqual(['mem.used', 'mem.available', 'mem.cached', 'swap.used']);
    expect(resolveMetrics(null, available, 'disk')).toEqual(['disk.read', 'disk.write', 'fs:/', 'fs:/var']);
  });

  it('accepts fixed names and this host’s filesystems', () => {
    expect(resolveMetrics(['cpu.total', 'fs:/var', 'temp.max'], available)).toEqual(['cpu.total', 'fs:/var', 'temp.max']);
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
