import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverBatteries, readBatteries } from '@/collector/hardware/batteries';
import { discoverFans, readFans } from '@/collector/hardware/fans';
import { discoverNvme, readNvme } from '@/collector/hardware/nvme-sysfs';
import { DeviceReader } from '@/collector/hardware/devices';
import { discoverGpuCards, readGpuCard } from '@/collector/gpu/sysfs-gpus';
import { createLogger } from '@/collector/log';
import { batchSchema } from '@/lib/wire/contract';
import { makeBatch } from '../../support/samples';

let sys: string;

/** Writes a sysfs tree: { 'class/drm/card0/device/vendor': '0x1002\n', ... }. */
function tree(files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(sys, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

beforeEach(() => {
  sys = mkdtempSync(path.join(os.tmpdir(), 'hw-sys-'));
});
afterEach(() => rmSync(sys, { recursive: true, force: true }));

describe('GPUs from sysfs', () => {
  it('reads an AMD card: busy %, VRAM, hwmon temperature, power and clock; skips connectors and NVIDIA cards', () => {
    tree({
      'class/drm/card0/device/vendor': '0x1002\n',
      'class/drm/card0/device/device': '0x73bf\n',
      'class/drm/card0/device/gpu_busy_percent': '42\n',
      'class/drm/card0/device/mem_info_vram_used': '2147483648\n',
      'class/drm/card0/device/mem_info_vram_total': '17163091968\n',
      'class/drm/card0/device/hwmon/hwmon3/temp1_input': '55000\n',
      'class/drm/card0/device/hwmon/hwmon3/power1_average': '187000000\n',
      'class/drm/card0/device/hwmon/hwmon3/freq1_input': '2250000000\n',
      'class/drm/card0-DP-1/status': 'connected\n',
      'class/drm/card1/device/vendor': '0x10de\n',
    });
    const cards = discoverGpuCards(sys);
    expect(cards.map((c) => c.id)).toEqual(['card0']);
    expect(readGpuCard(cards[0]!)).toEqual({
      id: 'card0', vendor: 'amd', name: 'AMD GPU 0x73bf', utilPct: 42, memUsed: 2147483648, memTotal: 17163091968, celsius: 55, powerW: 187, coreMhz: 2250,
    });
  });

  it('reads an Intel card: the GT frequency and what its hwmon has, and no utilisation (sysfs has none)', () => {
    tree({
      'class/drm/card0/device/vendor': '0x8086\n',
      'class/drm/card0/device/device': '0x56a0\n',
      'class/drm/card0/gt_cur_freq_mhz': '1300\n',
      'class/drm/card0/device/hwmon/hwmon5/power1_input': '35500000\n',
    });
    const gpu = readGpuCard(discoverGpuCards(sys)[0]!);
    expect(gpu).toEqual({ id: 'card0', vendor: 'intel', name: 'Intel GPU 0x56a0', coreMhz: 1300, powerW: 35.5 });
    expect(gpu.utilPct).toBeUndefined();
  });
});

describe('fans from hwmon', () => {
  it('names fans by chip and label, reads RPM, and leaves out a fan that reads nothing', () => {
    tree({
      'class/hwmon/hwmon0/name': 'nct6775\n',
      'class/hwmon/hwmon0/fan1_input': '1180\n',
      'class/hwmon/hwmon0/fan2_input': '0\n',
      'class/hwmon/hwmon0/fan2_label': 'CPU_OPT\n',
      'class/hwmon/hwmon0/fan3_input': '',
      'class/hwmon/hwmon1/name': 'coretemp\n',
      'class/hwmon/hwmon1/temp1_input': '40000\n',
      'class/hwmon/hwmon2/name': 'nct6775\n',
      'class/hwmon/hwmon2/fan1_input': '900\n',
    });
    const fans = discoverFans(sys);
    expect(fans.map((f) => f.label)).toEqual(['nct6775/fan1', 'nct6775/CPU_OPT', 'nct6775/fan3', 'nct6775/fan1 (hwmon2)']);
    expect(readFans(fans)).toEqual([
      { label: 'nct6775/fan1', rpm: 1180 },
      { label: 'nct6775/CPU_OPT', rpm: 0 },
      { label: 'nct6775/fan1 (hwmon2)', rpm: 900 },
    ]);
  });
});

describe('batteries from power_supply', () => {
  it('reads an energy-reporting battery: charge, status, Wh, W, cycles, health and time left', () => {
    tree({
      'class/power_supply/BAT0/type': 'Battery\n',
      'class/power_supply/BAT0/capacity': '64\n',
      'class/power_supply/BAT0/status': 'Discharging\n',
      'class/power_supply/BAT0/energy_now': '32000000\n',
      'class/power_supply/BAT0/energy_full': '50000000\n',
      'class/power_supply/BAT0/energy_full_design': '57000000\n',
      'class/power_supply/BAT0/power_now': '8000000\n',
      'class/power_supply/BAT0/cycle_count': '312\n',
      'class/power_supply/AC/type': 'Mains\n',
      'class/power_supply/hidpp_battery_0/type': 'Battery\n',
      'class/power_supply/hidpp_battery_0/scope': 'Device\n',
      'class/power_supply/hidpp_battery_0/capacity': '90\n',
    });
    const dirs = discoverBatteries(sys);
    expect(dirs.map((d) => path.basename(d))).toEqual(['BAT0']);
    const [b] = readBatteries(dirs);
    expect(b).toMatchObject({ name: 'BAT0', capacityPct: 64, status: 'discharging', energyWh: 32, energyFullWh: 50, powerW: 8, cycles: 312, secondsLeft: 4 * 3600 });
    expect(b!.healthPct).toBeCloseTo((50 / 57) * 100, 6);
  });

  it('reads a charge-reporting battery through its voltage, and has no time left while charging', () => {
    tree({
      'class/power_supply/BAT1/type': 'Battery\n',
      'class/power_supply/BAT1/capacity': '20\n',
      'class/power_supply/BAT1/status': 'Charging\n',
      'class/power_supply/BAT1/voltage_now': '12000000\n',
      'class/power_supply/BAT1/charge_now': '1000000\n',
      'class/power_supply/BAT1/charge_full': '4000000\n',
      'class/power_supply/BAT1/charge_full_design': '5000000\n',
      'class/power_supply/BAT1/current_now': '2000000\n',
    });
    const [b] = readBatteries(discoverBatteries(sys));
    expect(b).toEqual({ name: 'BAT1', capacityPct: 20, status: 'charging', energyWh: 12, energyFullWh: 48, powerW: 24, healthPct: 80 });
  });

  it('maps an unknown status word to unknown', () => {
    tree({ 'class/power_supply/BAT0/type': 'Battery\n', 'class/power_supply/BAT0/capacity': '100\n', 'class/power_supply/BAT0/status': 'Weird\n' });
    expect(readBatteries(discoverBatteries(sys))[0]!.status).toBe('unknown');
  });
});

describe('NVMe from sysfs', () => {
  it('names the drive by its first namespace and reads the hwmon temperature, with no verdict', () => {
    tree({
      'class/nvme/nvme0/model': 'Samsung SSD 980 PRO 1TB                 \n',
      'class/nvme/nvme0/serial': 'S5GXNF0TESTSERIAL\n',
      'class/nvme/nvme0/nvme0n1/size': '1953525168\n',
      'class/nvme/nvme0/hwmon2/temp1_input': '43850\n',
      'class/nvme/nvme1/model': 'WD Blue SN570\n',
      'class/nvme/nvme1/nvme1c1n1/size': '1\n',
      'class/nvme/nvme1/device/hwmon/hwmon4/temp1_input': '38000\n',
    });
    expect(readNvme(discoverNvme(sys))).toEqual([
      { device: 'nvme0n1', model: 'Samsung SSD 980 PRO 1TB', source: 'sysfs', health: 'unknown', checkedAt: 0, celsius: 43.85 },
      { device: 'nvme1n1', model: 'WD Blue SN570', source: 'sysfs', health: 'unknown', checkedAt: 0, celsius: 38 },
    ]);
  });
});

describe('the device reader', () => {
  it('puts every family the host has in the sample, valid on the wire and without serial numbers', () => {
    tree({
      'class/drm/card0/device/vendor': '0x1002\n',
      'class/drm/card0/device/gpu_busy_percent': '5\n',
      'class/hwmon/hwmon0/name': 'thinkpad\n',
      'class/hwmon/hwmon0/fan1_input': '2900\n',
      'class/power_supply/BAT0/type': 'Battery\n',
      'class/power_supply/BAT0/capacity': '80\n',
      'class/power_supply/BAT0/status': 'Full\n',
      'class/nvme/nvme0/model': 'Test NVMe\n',
      'class/nvme/nvme0/serial': 'SERIAL-MUST-NOT-LEAVE\n',
      'class/nvme/nvme0/nvme0n1/size': '1\n',
    });
    const reader = new DeviceReader({ sysRoot: sys, intervalMs: 5000, gpuTool: 'off', smart: false, log: createLogger('error') });
    const devices = reader.sample();
    expect(devices.gpus?.map((g) => g.id)).toEqual(['card0']);
    expect(devices.fans).toEqual([{ label: 'thinkpad/fan1', rpm: 2900 }]);
    expect(devices.batteries?.[0]).toMatchObject({ name: 'BAT0', capacityPct: 80, status: 'full' });
    expect(devices.drives?.[0]).toMatchObject({ device: 'nvme0n1', model: 'Test NVMe', health: 'unknown' });
    expect(reader.children).toBe(0);
    const b = makeBatch(Date.now());
    const body = { ...b, samples: [{ ...b.samples[0]!, ...devices }] };
    expect(batchSchema.safeParse(body).success).toBe(true);
    expect(JSON.stringify(body)).not.toContain('SERIAL-MUST-NOT-LEAVE');
  });

  it('adds nothing to a sample on a host without any of these devices', () => {
    const reader = new DeviceReader({ sysRoot: sys, intervalMs: 5000, gpuTool: 'off', smart: false, log: createLogger('error') });
    expect(reader.sample()).toEqual({});
  });
});
