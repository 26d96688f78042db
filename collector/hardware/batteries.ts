import type { Battery } from '@/lib/wire/hardware';
import { BATTERY_STATUS, MAX_BATTERIES, MAX_PHYSICAL, type BatteryStatus } from '@/lib/wire/limits';
import { listDir } from '../proc/read';
import { sysfsNumber, sysfsWord } from './sysfs-num';

/**
 * Batteries from /sys/class/power_supply: supplies of type Battery that
 * power the system (a wireless mouse's battery, scope Device, is not the
 * host's). capacity (%), status, energy_now/_full/_full_design (µWh) — or
 * charge_* (µAh) times voltage_now (µV) on drivers that report charge —,
 * power_now (µW) or current_now (µA) times voltage, cycle_count. Health is
 * energy_full over energy_full_design; time left is energy over power while
 * discharging.
 */

export function discoverBatteries(sysRoot = '/sys'): string[] {
  const dir = `${sysRoot}/class/power_supply`;
  return listDir(dir)
    .filter((n) => sysfsWord(`${dir}/${n}/type`) === 'Battery' && sysfsWord(`${dir}/${n}/scope`) !== 'Device')
    .sort()
    .slice(0, MAX_BATTERIES)
    .map((n) => `${dir}/${n}`);
}

function statusOf(word: string): BatteryStatus {
  const s = word.toLowerCase().replace(/\s+/g, '-');
  return (BATTERY_STATUS as readonly string[]).includes(s) ? (s as BatteryStatus) : 'unknown';
}

const cap = (v: number | undefined) => (v === undefined ? undefined : Math.min(v, MAX_PHYSICAL));

export function readBattery(dir: string): Battery | null {
  const name = dir.slice(dir.lastIndexOf('/') + 1).slice(0, 32);
  const capacity = sysfsNumber(`${dir}/capacity`);
  if (capacity === undefined || name === '') return null;
  const volts = (sysfsNumber(`${dir}/voltage_now`) ?? 0) / 1e6;
  // µWh → Wh, or µAh × V → Wh on charge-reporting drivers.
  const wh = (stem: string) => {
    const e = sysfsNumber(`${dir}/energy_${stem}`);
    if (e !== undefined) return e / 1e6;
    const c = sysfsNumber(`${dir}/charge_${stem}`);
    return c !== undefined && volts > 0 ? (c / 1e6) * volts : undefined;
  };
  const now = wh('now');
  const full = wh('full');
  const design = wh('full_design');
  const pw = sysfsNumber(`${dir}/power_now`);
  const amps = sysfsNumber(`${dir}/current_now`);
  const power = pw !== undefined ? pw / 1e6 : amps !== undefined && volts > 0 ? (amps / 1e6) * volts : undefined;
  const status = statusOf(sysfsWord(`${dir}/status`, 32));
  const b: Battery = { name, capacityPct: Math.min(100, capacity), status };
  if (now !== undefined) b.energyWh = cap(now)!;
  if (full !== undefined) b.energyFullWh = cap(full)!;
  if (power !== undefined) b.powerW = cap(power)!;
  const cycles = sysfsNumber(`${dir}/cycle_count`);
  if (cycles !== undefined && Number.isInteger(cycles)) b.cycles = cycles;
  if (full !== undefined && design !== undefined && design > 0) b.healthPct = Math.min(100, (full / design) * 100);
  if (status === 'discharging' && now !== undefined && power !== undefined && power > 0) b.secondsLeft = Math.round((now / power) * 3600);
  return b;
}

export function readBatteries(dirs: readonly string[]): Battery[] {
  return dirs.map(readBattery).filter((b): b is Battery => b !== null);
}
