import { describe, expect, it } from 'vitest';
import { seriesNeeded } from '@/lib/alerts/backtest';
import { checkRule } from '@/lib/alerts/rules';
import { signalByName, signalValues } from '@/lib/alerts/signals';
import type { Battery, Drive, Gpu, Sample } from '@/lib/wire/contract';
import { makeDevices, makeSample } from '../../support/samples';
import { rule, Run, T0 } from './fixtures';

const s = (sec: number) => T0 + sec * 1000;
const base = makeDevices();
const gpu = (over: Partial<Gpu>): Gpu => ({ ...base.gpus![0]!, ...over });
const drive = (over: Partial<Drive>): Drive => ({ ...base.drives![0]!, ...over });
const battery = (over: Partial<Battery>): Battery => ({ ...base.batteries![0]!, ...over });
const at = (ts: number, devices: Partial<Sample>): Sample => ({ ...makeSample(ts), ...devices });
const metric = (signal: string, op: 'above' | 'below', threshold: number, extra: Record<string, unknown> = {}) =>
  rule({ condition: { kind: 'metric', signal, op, threshold, ...extra } });

describe('device conditions', () => {
  it('fires on GPU temperature and utilisation above a threshold, per GPU, from the registry family signals', () => {
    const temp = new Run(metric('gpu.temp', 'above', 85));
    temp.batch([at(s(0), { gpus: [gpu({ id: 'nvidia0', celsius: 70 }), gpu({ id: 'nvidia1', celsius: 90 })] })]);
    expect(temp.kinds()).toEqual(['firing@0:nvidia1']);
    temp.batch([at(s(10), { gpus: [gpu({ id: 'nvidia0', celsius: 70 }), gpu({ id: 'nvidia1', celsius: 60 })] })]);
    expect(temp.kinds()).toEqual(['firing@0:nvidia1', 'resolved@10:nvidia1']);
    const util = new Run(metric('gpu.util', 'above', 95, { entity: 'nvidia0' }));
    util.batch([at(s(0), { gpus: [gpu({ id: 'nvidia0', utilPct: 99 }), gpu({ id: 'nvidia1', utilPct: 100 })] })]);
    expect(util.kinds()).toEqual(['firing@0:nvidia0']);
    // A GPU that reports no utilisation (Intel via sysfs) is not judged at all.
    const none = new Run(metric('gpu.util', 'below', 5));
    none.batch([at(s(0), { gpus: [{ id: 'card0', vendor: 'intel', name: 'Intel GPU' }] })]);
    expect(none.kinds()).toEqual([]);
  });

  it('fires "drive SMART failed" on the failing drive only, and not for a sysfs-only drive of unknown health', () => {
    const run = new Run(metric('drive.failed', 'above', 0.5));
    const sample = at(s(0), { drives: [drive({ device: 'sda' }), drive({ device: 'sdb', health: 'failed' }), drive({ device: 'nvme0n1', source: 'sysfs', health: 'unknown' })] });
    run.batch([sample]);
    expect(run.kinds()).toEqual(['firing@0:sdb']);
    expect(signalValues(signalByName('drive.failed')!, sample)).toEqual([{ entity: 'sda', value: 0 }, { entity: 'sdb', value: 1 }]);
    expect(signalByName('drive.failed')?.history.kind).toBe('none');
  });

  it('fires on reallocated sectors rising past a threshold, and on a stopped fan', () => {
    const realloc = new Run(metric('drive.realloc', 'above', 10));
    realloc.batch([at(s(0), { drives: [drive({ reallocated: 8 })] }), at(s(5), { drives: [drive({ reallocated: 12 })] })]);
    expect(realloc.kinds()).toEqual(['firing@5:sda']);
    const fan = new Run(metric('fan.rpm', 'below', 1));
    fan.batch([at(s(0), { fans: [{ label: 'nct6775/fan1', rpm: 1200 }, { label: 'nct6775/fan2', rpm: 0 }] })]);
    expect(fan.kinds()).toEqual(['firing@0:nct6775/fan2']);
  });

  it('fires "battery low" while discharging only; charging at the same level is not low', () => {
    const run = new Run(metric('bat.discharging', 'below', 15));
    run.batch([at(s(0), { batteries: [battery({ capacityPct: 10, status: 'charging' })] })]);
    expect(run.kinds()).toEqual([]);
    run.batch([at(s(10), { batteries: [battery({ capacityPct: 12, status: 'discharging' })] })]);
    expect(run.kinds()).toEqual(['firing@10:BAT0']);
    // bat.charge is the plain level, whatever the status.
    const plain = new Run(metric('bat.charge', 'below', 15));
    plain.batch([at(s(0), { batteries: [battery({ capacityPct: 10, status: 'charging' })] })]);
    expect(plain.kinds()).toEqual(['firing@0:BAT0']);
  });

  it('checks thresholds against the physical range, and backtests the stored series', () => {
    const errs = (condition: Record<string, unknown>) => {
      const r = checkRule({ name: 'r', condition: { kind: 'metric', ...condition } }, { channelIds: new Set<string>() });
      return r.ok ? [] : r.errors.map((e) => e.path);
    };
    expect(errs({ signal: 'gpu.temp', op: 'above', threshold: 85 })).toEqual([]);
    expect(errs({ signal: 'gpu.util', op: 'above', threshold: 150 })).toEqual(['condition.threshold']);
    expect(errs({ signal: 'bat.discharging', op: 'below', threshold: 15, entity: 'BAT0' })).toEqual([]);
    const names = ['cpu.total', 'gpu.temp:nvidia0', 'gpu.temp:card0', 'gpu.util:nvidia0'];
    expect(seriesNeeded(metric('gpu.temp', 'above', 85), names)).toEqual(['gpu.temp:nvidia0', 'gpu.temp:card0']);
  });
});
