import { describe, expect, it } from 'vitest';
import { exactCheck } from '@/lib/ingest/exact-check';
import { historyRecord } from '@/lib/metrics/history';
import { FAMILIES, DEFAULT_SERIES_LIMITS, unitOf } from '@/lib/metrics/registry';
import { batchSchema, describeIssues } from '@/lib/wire/contract';
import { makeBatch, makeDevices } from '../../support/samples';

const NOW = Date.UTC(2026, 0, 31, 14, 5);

function withDevices(devices: Record<string, unknown>) {
  const b = makeBatch(NOW);
  return { ...b, samples: [{ ...b.samples[0]!, ...devices }] };
}

const paths = (body: unknown) => describeIssues(batchSchema.safeParse(body).error!).map((i) => i.path);

describe('devices on the wire', () => {
  it('accepts GPUs, drives, fans and batteries, and the fast path agrees with zod', () => {
    const body = withDevices(makeDevices());
    expect(batchSchema.safeParse(body).success).toBe(true);
    expect(exactCheck(batchSchema)!(body)).toBe(true);
    // A GPU with only a name (Intel without hwmon) is a GPU.
    expect(batchSchema.safeParse(withDevices({ gpus: [{ id: 'card0', vendor: 'intel', name: 'Intel GPU' }] })).success).toBe(true);
  });

  it('refuses readings outside their physical range, naming the field', () => {
    const d = makeDevices();
    expect(paths(withDevices({ gpus: [{ ...d.gpus![0]!, utilPct: 101 }] }))).toEqual(['samples.0.gpus.0.utilPct']);
    expect(paths(withDevices({ gpus: [{ ...d.gpus![0]!, vendor: 'matrox' }] }))).toEqual(['samples.0.gpus.0.vendor']);
    expect(paths(withDevices({ gpus: [{ ...d.gpus![0]!, celsius: 500 }] }))).toEqual(['samples.0.gpus.0.celsius']);
    expect(paths(withDevices({ drives: [{ ...d.drives![0]!, health: 'meh' }] }))).toEqual(['samples.0.drives.0.health']);
    expect(paths(withDevices({ drives: [{ ...d.drives![0]!, percentUsed: 300 }] }))).toEqual(['samples.0.drives.0.percentUsed']);
    expect(paths(withDevices({ fans: [{ label: 'f', rpm: -1 }] }))).toEqual(['samples.0.fans.0.rpm']);
    expect(paths(withDevices({ batteries: [{ ...d.batteries![0]!, status: 'exploding' }] }))).toEqual(['samples.0.batteries.0.status']);
    expect(paths(withDevices({ batteries: [{ ...d.batteries![0]!, cycles: 1.5 }] }))).toEqual(['samples.0.batteries.0.cycles']);
  });

  it('bounds the counts per sample', () => {
    expect(batchSchema.safeParse(withDevices({ gpus: Array.from({ length: 17 }, (_, i) => ({ id: `card${i}`, vendor: 'amd', name: 'x' })) })).success).toBe(false);
    expect(batchSchema.safeParse(withDevices({ fans: Array.from({ length: 65 }, (_, i) => ({ label: `f${i}`, rpm: 1 })) })).success).toBe(false);
    expect(batchSchema.safeParse(withDevices({ batteries: Array.from({ length: 9 }, (_, i) => ({ ...makeDevices().batteries![0]!, name: `BAT${i}` })) })).success).toBe(false);
  });
});

describe('device families in the registry', () => {
  it('gives each device its series, only for the readings it has', () => {
    const sample = batchSchema.parse(withDevices({ ...makeDevices(), gpus: [{ id: 'card0', vendor: 'amd', name: 'AMD', utilPct: 40 }] })).samples[0]!;
    const { names } = historyRecord(sample);
    expect(names.filter((n) => /^(gpu|drive|fan|bat)\./.test(n))).toEqual([
      'bat.charge:BAT0', 'bat.power:BAT0', 'drive.pending:sda', 'drive.realloc:sda', 'drive.temp:sda', 'fan.rpm:nct6775/fan1', 'gpu.util:card0',
    ]);
    expect(unitOf('gpu.temp:nvidia0')).toBe('celsius');
    expect(unitOf('fan.rpm:x')).toBe('number');
  });

  it('clamps NVMe endurance past 100 % to the percentage series, and caps each family per host', () => {
    const sample = batchSchema.parse(withDevices(makeDevices({ drive: { percentUsed: 180 } }))).samples[0]!;
    expect(FAMILIES.drives.entities(sample)[0]!.values['drive.used']).toBe(100);
    expect([DEFAULT_SERIES_LIMITS.gpus, DEFAULT_SERIES_LIMITS.drives, DEFAULT_SERIES_LIMITS.fans, DEFAULT_SERIES_LIMITS.batteries]).toEqual([16, 64, 64, 8]);
  });
});
