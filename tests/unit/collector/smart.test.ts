import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCapability, CAP_SYS_RAWIO } from '@/collector/hardware/capability';
import { parseSmartctl } from '@/collector/hardware/smart-parse';
import { SmartReader, smartctlRunner, smartDevices, SMART_MIN_PERIOD_MS } from '@/collector/hardware/smart-reader';
import { createLogger } from '@/collector/log';
import { driveSchema } from '@/lib/wire/hardware';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/devices');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe("smartctl's JSON", () => {
  it('reads a healthy SATA disk: verdict, model, temperature, hours, reallocated and pending sectors — never the serial', () => {
    const d = parseSmartctl('sda', fixture('smart-sata.json'), 1_000)!;
    expect(d).toEqual({ device: 'sda', model: 'WDC WD40EFRX-68N32N0', source: 'smart', health: 'passed', checkedAt: 1_000, celsius: 36, powerOnHours: 33987, reallocated: 0, pending: 0 });
    expect(JSON.stringify(d)).not.toContain('SERIAL');
    expect(driveSchema.safeParse(d).success).toBe(true);
  });

  it('reads a failing SATA disk as failed, with its reallocated and pending sectors', () => {
    expect(parseSmartctl('sdb', fixture('smart-sata-failing.json'), 2_000)).toMatchObject({ health: 'failed', reallocated: 3704, pending: 144, powerOnHours: 48512, celsius: 41 });
  });

  it('reads an NVMe drive: percentage used and media errors from its health log', () => {
    const d = parseSmartctl('nvme0n1', fixture('smart-nvme.json'), 3_000)!;
    expect(d).toEqual({ device: 'nvme0n1', model: 'Samsung SSD 980 PRO 1TB', source: 'smart', health: 'passed', checkedAt: 3_000, celsius: 44, powerOnHours: 9120, percentUsed: 7, mediaErrors: 2 });
  });

  it('gives an unknown verdict for a disk in standby, and null for output that is not smartctl JSON', () => {
    expect(parseSmartctl('sdc', fixture('smart-standby.json'), 0)).toMatchObject({ health: 'unknown' });
    expect(parseSmartctl('sda', 'smartctl: command not found', 0)).toBeNull();
    expect(parseSmartctl('sda', '{"model_name":"no smartctl block"}', 0)).toBeNull();
    // Hostile numbers are dropped, not sent.
    const bad = JSON.stringify({ smartctl: {}, smart_status: { passed: true }, temperature: { current: 9999 }, power_on_time: { hours: -5 }, model_name: 'x'.repeat(500) });
    const d = parseSmartctl('sda', bad, 0)!;
    expect(d.celsius).toBeUndefined();
    expect(d.powerOnHours).toBeUndefined();
    expect(d.model).toHaveLength(128);
  });
});

describe('the SMART reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'smart-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a stand-in smartctl once per disk per pass, outside any sample, and keeps a standby disk’s last reading', async () => {
    const fixtures = path.join(dir, 'fixtures');
    mkdirSync(fixtures);
    copyFileSync(path.join(FIXTURES, 'smart-sata.json'), path.join(fixtures, 'sda.json'));
    copyFileSync(path.join(FIXTURES, 'smart-sata-failing.json'), path.join(fixtures, 'sdb.json'));
    copyFileSync(path.join(FIXTURES, 'smart-nvme.json'), path.join(fixtures, 'nvme0n1.json'));
    const calls = path.join(dir, 'calls.log');
    process.env.SMARTCTL_FIXTURES = fixtures;
    process.env.SMARTCTL_CALLS = calls;
    let devices = ['sda', 'sdb', 'nvme0n1'];
    let now = 5_000;
    const reader = new SmartReader({ run: smartctlRunner(path.join(FIXTURES, 'smartctl-standin.mjs')), devices: () => devices, log: createLogger('error'), now: () => now });
    expect(reader.drives()).toEqual([]);
    await reader.readAll();
    expect(reader.drives().map((d) => [d.device, d.health, d.checkedAt])).toEqual([['sda', 'passed', 5_000], ['sdb', 'failed', 5_000], ['nvme0n1', 'passed', 5_000]]);
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines).toEqual(['-j -n standby -i -H -A /dev/sda', '-j -n standby -i -H -A /dev/sdb', '-j -n standby -i -H -A /dev/nvme0n1']);
    // sda goes to standby (no data): its last reading stands; a disk that went away is dropped.
    copyFileSync(path.join(FIXTURES, 'smart-standby.json'), path.join(fixtures, 'sda.json'));
    devices = ['sda', 'nvme0n1'];
    now = 6_000;
    await reader.readAll();
    expect(reader.drives().map((d) => [d.device, d.health, d.checkedAt])).toEqual([['sda', 'passed', 5_000], ['nvme0n1', 'passed', 6_000]]);
    delete process.env.SMARTCTL_FIXTURES;
    delete process.env.SMARTCTL_CALLS;
  });

  it('never reads more often than every 30 minutes, whatever it is asked', () => {
    const reader = new SmartReader({ run: async () => '', devices: () => [], log: createLogger('error'), periodMs: 1000 });
    expect((reader as unknown as { periodMs: number }).periodMs).toBe(SMART_MIN_PERIOD_MS);
  });

  it('lists SATA and NVMe disks only', () => {
    for (const d of ['sda', 'sdab', 'nvme0n1', 'vda', 'loop0', 'dm-0', 'nvme0n1p1', 'sr0']) mkdirSync(path.join(dir, 'block', d), { recursive: true });
    expect(smartDevices(dir)).toEqual(['nvme0n1', 'sda', 'sdab']);
  });
});

describe('the capability check', () => {
  it('reads CAP_SYS_RAWIO from CapEff, and root has every capability', () => {
    expect(hasCapability(CAP_SYS_RAWIO, 'Name:\tnode\nCapEff:\t0000000000020000\n', 1000)).toBe(true);
    expect(hasCapability(CAP_SYS_RAWIO, 'Name:\tnode\nCapEff:\t0000000000000000\n', 1000)).toBe(false);
    expect(hasCapability(CAP_SYS_RAWIO, 'no caps here', 1000)).toBe(false);
    expect(hasCapability(CAP_SYS_RAWIO, 'CapEff:\t0000000000000000\n', 0)).toBe(true);
  });
});
