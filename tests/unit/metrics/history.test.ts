import { describe, expect, it } from 'vitest';
import { HistoryRecorder, historyRecord } from '@/lib/metrics/history';
import { FAMILIES, FAMILY_NAMES, familyPart, METRIC_NAMES, METRICS, UNITS, unitOf } from '@/lib/metrics/registry';
import { quantizeWith } from '@/lib/metrics/quantize';
import type { Sample } from '@/lib/wire/contract';
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

describe('historyRecord against its definition', () => {
  /** The record as defined: every series with its quantized value, sorted by name, a name given twice keeping its last value. */
  function reference(sample: Sample) {
    const entries: [string, number][] = [];
    for (const name of METRIC_NAMES) {
      const v = (METRICS[name].read as (s: Sample) => number | undefined)(sample);
      if (v !== undefined) entries.push([name, quantizeWith(UNITS[METRICS[name].unit].precision, v)]);
    }
    for (const f of FAMILY_NAMES) {
      const metrics = FAMILIES[f].metrics as Record<string, { unit: keyof typeof UNITS }>;
      for (const { key, values } of (FAMILIES[f].entities as (s: Sample) => { key: string; values: Record<string, number> }[])(sample)) {
        for (const [metric, def] of Object.entries(metrics)) entries.push([`${metric}:${key}`, quantizeWith(UNITS[def.unit].precision, values[metric]!)]);
      }
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const names: string[] = [];
    const values: number[] = [];
    for (const [name, value] of entries) {
      if (names.at(-1) === name) values[values.length - 1] = value;
      else {
        names.push(name);
        values.push(value);
      }
    }
    return { names, values };
  }

  it('matches it for entities of any name and number, repeated ones included', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Characters that sort around the scalar names' dots and the family colon.
    const alphabet = ['a', 'z', 'A', '0', '9', '.', ':', '/', ' ', '-', '_', 'é', '~'];
    const word = () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const some = <T>(make: () => T) => Array.from({ length: Math.floor(rand() * 6) }, make);
    for (let round = 0; round < 500; round++) {
      const base = makeSample(1_700_000_000_000 + round, round);
      const names = some(word);
      const pickName = () => (names.length > 0 && rand() < 0.3 ? names[Math.floor(rand() * names.length)]! : word());
      const s: Sample = {
        ...base,
        filesystems: some(() => ({ ...base.filesystems[0]!, mount: pickName(), usedPct: Math.round(rand() * 10_000) / 100 })),
        disk: { ...base.disk, devices: some(() => ({ ...base.disk.devices[0]!, name: pickName(), readBps: rand() * 1e9, writeBps: rand() * 1e6 })) },
        network: { ...base.network, interfaces: some(() => ({ ...base.network.interfaces[0]!, name: pickName(), rxBps: rand() * 1e9, txBps: rand() * 1e3 })) },
        temperatures: some(() => ({ label: pickName(), celsius: rand() * 150 - 20 })),
      };
      expect(historyRecord(s)).toEqual(reference(s));
      // The same layout again with other values: its names come from the layout, its values from this sample.
      const again: Sample = { ...s, cpu: { ...s.cpu, total: rand() * 100 }, filesystems: s.filesystems.map((f) => ({ ...f, usedPct: Math.round(rand() * 10_000) / 100 })) };
      expect(historyRecord(again)).toEqual(reference(again));
    }
  });

  it('never takes one layout for another, whatever characters entity names hold', () => {
    const base = makeSample(1_700_000_000_000);
    const fs = (mount: string, usedPct: number) => ({ ...base.filesystems[0]!, mount, usedPct });
    // Names joined with their present-readings digits alone would write one layout key for both.
    const a: Sample = { ...base, filesystems: [fs('x11,y', 10), fs('', 20)] };
    const b: Sample = { ...base, filesystems: [fs('x', 30), fs('y11,', 40)] };
    for (const s of [a, b, a, b]) expect(historyRecord(s)).toEqual(reference(s));
    // Present and absent readings are part of the layout too.
    const noSensors: Sample = { ...base, temperatures: [] };
    for (const s of [base, noSensors, base]) expect(historyRecord(s)).toEqual(reference(s));
  });

  it('keeps its layouts within their count and characters, and never keeps one too large, whatever a collector invents', () => {
    const recorder = new HistoryRecorder(8, 20_000, 4_000);
    const base = makeSample(1_700_000_000_000);
    const withMounts = (n: number, tag: string): Sample => ({ ...base, filesystems: Array.from({ length: n }, (_, i) => ({ ...base.filesystems[0]!, mount: `/${tag}/${i}`, usedPct: i })) });
    for (let i = 0; i < 50; i++) {
      const s = withMounts(1 + (i % 5), `m${i}`);
      expect(recorder.record(s)).toEqual(reference(s));
      expect(recorder.size.layouts).toBeLessThanOrEqual(8);
      expect(recorder.size.chars).toBeLessThanOrEqual(20_000);
    }
    const kept = recorder.size;
    // A layout past the per-layout bound is recorded right and not kept: nothing it names stays behind.
    const huge = withMounts(200, 'x'.repeat(40));
    expect(recorder.record(huge)).toEqual(reference(huge));
    expect(recorder.size).toEqual(kept);
    // Enough characters in a few layouts drops the oldest until they fit.
    for (let i = 0; i < 6; i++) recorder.record(withMounts(20, `${i}`.padEnd(40, "w")));
    expect(recorder.size.chars).toBeLessThanOrEqual(20_000);
    expect(recorder.size.layouts).toBeLessThan(8);
  });
});
