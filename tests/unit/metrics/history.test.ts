import { describe, expect, it } from 'vitest';
import { historyRecord } from '@/lib/metrics/history';
import { familyPart, METRIC_NAMES, unitOf } from '@/lib/metrics/registry';
import { makeSample } from '../../support/samples';

describe('a sample as history', () => {
  it('holds every registry metric and one series per entity of each family, sorted, quantized by unit', () => {
    const s = makeSample(1_700_000_000_000);
    const { names, values } = historyRecord(s);
    expect(names).toEqual([...names].sort());
    for (const m of METRIC_NAMES) expect(names).toContain(m);
    expect(names).toEqual(expect.arrayContaining(['fs:/', 'fs:/var', 'disk.read:sda', 'disk.write:sda', 'net.rx:eth0', 'net.tx:eth0', 'temp:Package id 0']));
    expect(values[names.indexOf('fs:/var')]).toBe(7_500);
    expect(values[names.indexOf('mem.used')]).toBe(Math.round(s.memory.used));
    expect(values[names.indexOf('temp:Package id 0')]).toBe(Math.round((s.temperatures[0]!.celsius + 100) * 10));
    expect(names.every((n) => unitOf(n) !== null)).toBe(true);
    expect(familyPart('temp:Package id 0')).toEqual({ family: 'sensors', metric: 'temp', entity: 'Package id 0' });
  });

  it('keeps one value when a sample names an entity twice, and no temp.max without sensors', () => {
    const s = makeSample(1_700_000_000_000, 0, { temperatures: [] });
    s.filesystems = [{ ...s.filesystems[0]!, usedPct: 10 }, { ...s.filesystems[0]!, usedPct: 20 }];
    const { names, values } = historyRecord(s);
    expect(names.filter((n) => n === 'fs:/')).toHaveLength(1);
    expect(values[names.indexOf('fs:/')]).toBe(2_000);
    expect(names).not.toContain('temp.max');
  });
});
