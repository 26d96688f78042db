import { describe, expect, it } from 'vitest';
import { batteryTone, deviceFamiliesOf, sectionForDevice, deviceHint, driveHealthText, driveTone, formatHours, orDash, formatWatts } from '@/lib/ui/devices';
import { depthSections } from '@/lib/ui/depth-sections';
import { deviceTrouble } from '@/lib/metrics/device-entities';
import type { Sample } from '@/lib/wire/contract';
import { makeDevices, makeSample } from '../../support/samples';

const d = makeDevices();

describe('device sections', () => {
  it('lists only the families the host has, in page order', () => {
    expect(deviceFamiliesOf(makeSample(1))).toEqual([]);
    expect(deviceFamiliesOf({ ...makeSample(1), ...d })).toEqual(['gpus', 'drives', 'fans', 'batteries']);
    expect(deviceFamiliesOf({ ...makeSample(1), fans: d.fans, gpus: [] })).toEqual(['fans']);
  });

  it('reads drive and battery states into tones and words', () => {
    const drive = d.drives![0]!;
    expect(driveTone(drive)).toBe('ok');
    expect(driveTone({ ...drive, pending: 3 })).toBe('warn');
    expect(driveTone({ ...drive, health: 'failed' })).toBe('bad');
    expect(driveHealthText({ ...drive, source: 'sysfs', health: 'unknown' })).toBe('not checked (no SMART)');
    const bat = d.batteries![0]!;
    expect(batteryTone(bat)).toBe('ok');
    expect(batteryTone({ ...bat, capacityPct: 10 })).toBe('bad');
    expect(batteryTone({ ...bat, capacityPct: 10, status: 'charging' })).toBe('ok');
    expect(orDash(undefined, formatWatts)).toBe('—');
    expect(formatWatts(312.45)).toBe('312 W');
    expect(formatHours(33987)).toBe('1,416 days');
  });

  it('gives the fleet a hint for a failing drive or a low battery, nothing otherwise', () => {
    const trouble = (devices: Partial<Sample>) => deviceTrouble({ ...makeSample(1), ...devices });
    expect(trouble(d)).toBeNull();
    expect(trouble(makeDevices({ battery: { capacityPct: 9, status: 'charging' } }))).toBeNull();
    expect(deviceHint(trouble(makeDevices({ drive: { health: 'failed' } })))).toBe('SMART failed: sda');
    expect(deviceHint(trouble(makeDevices({ battery: { capacityPct: 9 } })))).toBe('Battery BAT0 low: 9 % and discharging');
    expect(deviceHint(null)).toBeNull();
    expect(deviceHint(undefined)).toBeNull();
  });

  it('has a history section per device family from the registry', () => {
    const ids = depthSections().map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['gpus', 'drives', 'fans', 'batteries']));
    expect(depthSections().find((s) => s.id === 'drives')!.title).toBe('Disk health');
  });

  it('narrows a device’s history to the readings it gives, so no unknown series is asked for', () => {
    const gpus = depthSections().find((x) => x.family === 'gpus')!;
    const sample = { ...makeSample(1), gpus: [...d.gpus!, { id: 'card0', vendor: 'amd' as const, name: 'AMD', utilPct: 20, celsius: 50 }] };
    const metrics = (entity: string) => sectionForDevice(gpus, sample, entity).charts.flatMap((c) => c.series.map((x) => x.metric));
    expect(metrics('card0')).toEqual(['gpu.util', 'gpu.temp']);
    expect(metrics('nvidia0')).toEqual(['gpu.util', 'gpu.mem', 'gpu.temp', 'gpu.power', 'gpu.clock']);
    expect(metrics('gone')).toEqual([]);
  });
});
