import { describe, expect, it } from 'vitest';
import type { HostRecord, HostState } from '@/lib/store/types';
import { fleetEntry } from '@/lib/query/host-view';
import type { Sample } from '@/lib/wire/contract';
import { makeDevices, makeSample, makeSystem } from '../../support/samples';

const now = Date.UTC(2026, 0, 31, 12);
const host: HostRecord = { id: 'h1', name: 'laptop', tags: [], tokenHash: 'a'.repeat(64), disabled: false, createdAt: 1 };
const state = (devices: Partial<Sample>): HostState => ({
  hostId: 'h1',
  lastSeen: now,
  latest: { ...makeSample(now - 1000), ...devices },
  system: makeSystem(),
  counters: { spooled: 0, dropped: 0 },
  droppedTotal: 0,
  clockSkewMs: 0,
  capped: null,
});

describe('the fleet entry’s device trouble', () => {
  it('is null for a host whose devices are fine, or that has none, or never reported', () => {
    expect(fleetEntry(host, state(makeDevices()), now).deviceTrouble).toBeNull();
    expect(fleetEntry(host, state({}), now).deviceTrouble).toBeNull();
    expect(fleetEntry(host, null, now).deviceTrouble).toBeNull();
  });

  it('names the failing drives and a battery discharging at 15 % or less', () => {
    const d = makeDevices({ drive: { health: 'failed' }, battery: { capacityPct: 15 } });
    const drives = [...d.drives!, { ...d.drives![0]!, device: 'sdb', health: 'passed' as const }];
    expect(fleetEntry(host, state({ ...d, drives }), now).deviceTrouble).toEqual({ failedDrives: ['sda'], lowBattery: { name: 'BAT0', capacityPct: 15 } });
    expect(fleetEntry(host, state(makeDevices({ battery: { capacityPct: 16 } })), now).deviceTrouble).toBeNull();
  });
});
