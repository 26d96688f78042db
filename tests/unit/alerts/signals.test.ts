import { describe, expect, it } from 'vitest';
import { backtestUnavailable, isFamilySignal, SIGNAL_NAMES, SIGNALS, signalByName, signalForSeries, signalValues, seriesOfEntity } from '@/lib/alerts/signals';
import { historyRecord } from '@/lib/metrics/history';
import { FAMILIES, FAMILY_NAMES, METRIC_NAMES, UNITS } from '@/lib/metrics/registry';
import { makeSample } from '../../support/samples';

const sample = makeSample(Date.UTC(2026, 0, 31, 3));

describe('signals from the registry', () => {
  it('every scalar metric is a signal reading the same value as history does', () => {
    for (const name of METRIC_NAMES) {
      const sig = signalByName(name)!;
      expect(sig, name).toBeDefined();
      expect(isFamilySignal(sig)).toBe(false);
      expect(sig.history).toEqual({ kind: 'series', series: name });
    }
    expect(signalValues(signalByName('cpu.total')!, sample)).toEqual([{ entity: '', value: sample.cpu.total }]);
  });

  it('every family metric is a per-entity signal; a name a scalar total already has gets ".each"', () => {
    for (const f of FAMILY_NAMES) {
      for (const metric of Object.keys(FAMILIES[f].metrics)) {
        const name = (METRIC_NAMES as string[]).includes(metric) ? `${metric}.each` : metric;
        const sig = signalByName(name)!;
        expect(sig?.family, name).toBe(f);
      }
    }
    expect(signalByName('fs')!.label).toBe('Filesystem used');
    expect(signalValues(signalByName('fs')!, sample)).toEqual([{ entity: '/', value: 40 }, { entity: '/var', value: 75 }]);
    expect(signalValues(signalByName('fs')!, sample, '/var')).toEqual([{ entity: '/var', value: 75 }]);
    expect(signalValues(signalByName('net.rx.each')!, sample).map((e) => e.entity)).toEqual(['eth0']);
  });

  it('names are unique and every unit is a registry unit', () => {
    expect(new Set(SIGNAL_NAMES).size).toBe(SIGNALS.length);
    for (const s of SIGNALS) expect(UNITS[s.unit], s.name).toBeDefined();
  });

  it('maps every series a sample stores back to its signal and entity', () => {
    for (const name of historyRecord(sample).names) {
      const hit = signalForSeries(name);
      expect(hit, name).not.toBeNull();
      if (hit!.entity) expect(isFamilySignal(hit!.signal) && seriesOfEntity(hit!.signal, hit!.entity)).toBe(name);
      else expect(hit!.signal.name).toBe(name);
    }
    expect(signalForSeries('net.rx:eth0')).toMatchObject({ signal: { name: 'net.rx.each' }, entity: 'eth0' });
    expect(signalForSeries('fs:/mnt:odd')).toMatchObject({ signal: { name: 'fs' }, entity: '/mnt:odd' });
    expect(signalForSeries('bogus')).toBeNull();
    expect(signalForSeries('bogus:x')).toBeNull();
  });
});

describe('derived signals', () => {
  const value = (name: string, s = sample) => signalValues(signalByName(name)!, s);

  it('memory and swap used %, undefined without a total', () => {
    expect(value('mem.used_pct')[0]!.value).toBeCloseTo((sample.memory.used / sample.memory.total) * 100);
    expect(value('swap.used_pct')).toEqual([{ entity: '', value: 1 }]);
    expect(value('swap.used_pct', { ...sample, memory: { ...sample.memory, swapTotal: 0, swapUsed: 0 } })).toEqual([]);
    expect(value('mem.used_pct', { ...sample, memory: { ...sample.memory, total: 0 } })).toEqual([]);
  });

  it('inodes % per mount, skipping filesystems without an inode table', () => {
    const s = { ...sample, filesystems: [...sample.filesystems, { ...sample.filesystems[0]!, mount: '/btrfs', inodesUsed: 0, inodesTotal: 0 }] };
    expect(value('fs.inodes_pct', s)).toEqual([{ entity: '/', value: 10 }, { entity: '/var', value: 2 }]);
  });

  it('network errors in total and per interface, load per core, hottest sensor', () => {
    const net = { ...sample.network, total: { ...sample.network.total, rxErrPerSec: 2, txErrPerSec: 3 }, interfaces: [{ ...sample.network.interfaces[0]!, rxErrPerSec: 1, txErrPerSec: 0.5 }] };
    expect(value('net.errors', { ...sample, network: net })).toEqual([{ entity: '', value: 5 }]);
    expect(value('net.errors.each', { ...sample, network: net })).toEqual([{ entity: 'eth0', value: 1.5 }]);
    expect(value('load.1_per_core')[0]!.value).toBeCloseTo(sample.cpu.load1 / 2);
    expect(value('load.15_per_core', { ...sample, cpu: { ...sample.cpu, cores: [] } })).toEqual([]);
    const hot = { ...sample, temperatures: [{ label: 'a', celsius: 41 }, { label: 'b', celsius: 77.5 }] };
    expect(value('temp.max', hot)).toEqual([{ entity: '', value: 77.5 }]);
    expect(value('temp.max', { ...sample, temperatures: [] })).toEqual([]);
    expect(signalByName('net.errors')!.suffix).toBe('errors/s');
  });

  it('each says whether history can rebuild it', () => {
    expect(backtestUnavailable(signalByName('mem.used_pct')!)).toBeNull();
    expect(backtestUnavailable(signalByName('fs')!)).toBeNull();
    expect(backtestUnavailable(signalByName('swap.used_pct')!)).toContain('swap size');
    expect(backtestUnavailable(signalByName('fs.inodes_pct')!)).toContain('inode');
    expect(backtestUnavailable(signalByName('net.errors.each')!)).toContain('error rates');
    expect(backtestUnavailable(signalByName('load.5_per_core')!)).toContain('CPU count');
    expect(backtestUnavailable(signalByName('load.5_per_core')!, { cores: 4 })).toBeNull();
  });
});
