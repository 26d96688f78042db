import type { Sample } from '@/lib/wire/contract';
import { MAX_LOAD } from '@/lib/wire/limits';

/**
 * The registry's device families (GPUs, drives, fans, batteries) as entities
 * of a sample: one per device, with only the readings the device gave — a GPU
 * whose driver reports no power has no gpu.power value, not a 0 that would
 * draw a false line and trip a "below" rule. Pure.
 */

type Entity = { key: string; values: Record<string, number> };

function defined(values: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && Number.isFinite(v)) out[k] = v;
  return out;
}

const clampLoad = (v: number | undefined) => (v === undefined ? undefined : Math.min(v, MAX_LOAD));

export function gpuEntities(s: Sample): Entity[] {
  return (s.gpus ?? []).map((g) => ({
    key: g.id,
    values: defined({ 'gpu.util': g.utilPct, 'gpu.mem': g.memUsed, 'gpu.temp': g.celsius, 'gpu.power': g.powerW, 'gpu.clock': g.coreMhz }),
  }));
}

export function driveEntities(s: Sample): Entity[] {
  return (s.drives ?? []).map((d) => ({
    key: d.device,
    values: defined({
      'drive.temp': d.celsius,
      // NVMe may report past 100 % of its rated endurance; the series is a percentage and stops at 100.
      'drive.used': d.percentUsed === undefined ? undefined : Math.min(100, d.percentUsed),
      'drive.realloc': clampLoad(d.reallocated),
      'drive.pending': clampLoad(d.pending),
    }),
  }));
}

export function fanEntities(s: Sample): Entity[] {
  return (s.fans ?? []).map((f) => ({ key: f.label, values: { 'fan.rpm': f.rpm } }));
}

export function batteryEntities(s: Sample): Entity[] {
  return (s.batteries ?? []).map((b) => ({ key: b.name, values: defined({ 'bat.charge': b.capacityPct, 'bat.power': b.powerW }) }));
}

/** A battery this low while discharging is flagged on the host page and the fleet row. */
export const LOW_BATTERY_PCT = 15;

export interface DeviceTrouble {
  /** Drives whose SMART verdict is failed. */
  failedDrives: string[];
  /** The first battery discharging at or below LOW_BATTERY_PCT. */
  lowBattery: { name: string; capacityPct: number } | null;
}

/** What the fleet row flags about a host's devices (a failing drive, a battery running low), or null when nothing. */
export function deviceTrouble(s: Sample): DeviceTrouble | null {
  const failedDrives = (s.drives ?? []).filter((d) => d.health === 'failed').map((d) => d.device);
  const low = (s.batteries ?? []).find((b) => b.status === 'discharging' && b.capacityPct <= LOW_BATTERY_PCT);
  if (failedDrives.length === 0 && !low) return null;
  return { failedDrives, lowBattery: low ? { name: low.name, capacityPct: low.capacityPct } : null };
}
