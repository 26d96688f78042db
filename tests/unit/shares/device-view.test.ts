import { describe, expect, it } from 'vitest';
import { shareHostView, shareSeries, type ShareViewInput } from '@/lib/shares/view';
import type { Sample } from '@/lib/wire/contract';
import { makeDevices, makeSample, makeSystem } from '../../support/samples';

const POISON = 'POISON-do-not-leak';

function poisoned<T>(value: T): T {
  if (Array.isArray(value)) return value.map(poisoned) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = { serial: POISON, uuid: POISON };
    for (const [k, v] of Object.entries(value)) out[k] = poisoned(v);
    return out as T;
  }
  return value;
}

function input(latest: Sample): ShareViewInput {
  return {
    host: { id: 'h1', name: 'web-1', tags: [], disabled: false },
    status: 'up',
    lastSeen: 1,
    clockSkewMs: 0,
    droppedTotal: 0,
    system: makeSystem('x'),
    latest,
  } as unknown as ShareViewInput;
}

const grant = { includeProcesses: true, includeAlerts: false, maxRangeMs: 86_400_000, expiresAt: null };

describe('devices on a share link', () => {
  it('shows GPU, drive, fan and battery readings unchanged, as harmless as temperatures', () => {
    const devices = makeDevices();
    const out = shareHostView(input({ ...makeSample(1_000), ...devices }), grant);
    expect(out.latest!.gpus).toEqual(devices.gpus);
    expect(out.latest!.drives).toEqual(devices.drives);
    expect(out.latest!.fans).toEqual(devices.fans);
    expect(out.latest!.batteries).toEqual(devices.batteries);
  });

  it('leaves out GPU process lists and any key it does not name', () => {
    const devices = makeDevices({ gpu: { processes: [{ pid: 42, name: 'secret-trainer', memUsed: 1e9 }] } });
    const out = shareHostView(poisoned(input({ ...makeSample(1_000), ...devices })), grant);
    const json = JSON.stringify(out.latest);
    expect(json).not.toContain(POISON);
    expect(json).not.toContain('secret-trainer');
    expect(out.latest!.gpus![0]).not.toHaveProperty('processes');
  });

  it('adds no device keys for a host without devices, and keeps device series in the history', () => {
    expect(Object.keys(shareHostView(input(makeSample(1_000)), grant).latest!)).not.toContain('gpus');
    const col = { avg: [1], min: [1], max: [1] };
    const answer = { tier: 'raw', from: 0, to: 1, processesKeptMs: 1, stepMs: 1, t: [0], series: { 'gpu.temp:nvidia0': col, 'fan.rpm:nct6775/fan1': col, 'bat.charge:BAT0': col, 'drive.temp:sda': col } };
    expect(Object.keys(shareSeries(answer).series)).toEqual(['gpu.temp:nvidia0', 'fan.rpm:nct6775/fan1', 'bat.charge:BAT0', 'drive.temp:sda']);
  });
});
