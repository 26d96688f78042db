import { FAMILIES, type FamilyName } from '@/lib/metrics/registry';
import { LOW_BATTERY_PCT, type DeviceTrouble } from '@/lib/metrics/device-entities';
import type { DepthSection } from './depth-sections';
import type { Battery, Drive, Sample } from '@/lib/wire/contract';

/**
 * The host page's device sections (GPUs, Disk health, Fans, Batteries) and
 * the fleet's device hint: which a host has, how each row reads, and which
 * states are bad. Pure and client-safe; rows are the wire contract's devices
 * from the newest sample.
 */

/** The registry families drawn by the devices section (and so left out of the generic Details). */
export const DEVICE_FAMILIES = ['gpus', 'drives', 'fans', 'batteries'] as const satisfies readonly FamilyName[];
export type DeviceFamily = (typeof DEVICE_FAMILIES)[number];

export { LOW_BATTERY_PCT };

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

/** The device families this sample has, in page order. */
export function deviceFamiliesOf(s: Sample): DeviceFamily[] {
  return DEVICE_FAMILIES.filter((f) => (s[f]?.length ?? 0) > 0);
}

export function driveTone(d: Drive): Tone {
  if (d.health === 'failed') return 'bad';
  if ((d.reallocated ?? 0) > 0 || (d.pending ?? 0) > 0 || (d.mediaErrors ?? 0) > 0 || (d.percentUsed ?? 0) >= 90) return 'warn';
  return d.health === 'passed' ? 'ok' : 'idle';
}

export function driveHealthText(d: Drive): string {
  if (d.health === 'unknown') return d.source === 'sysfs' ? 'not checked (no SMART)' : 'unknown';
  return d.health === 'passed' ? 'passed' : 'FAILED';
}

export function batteryTone(b: Battery): Tone {
  if (b.status === 'discharging' && b.capacityPct <= LOW_BATTERY_PCT) return 'bad';
  if (b.healthPct !== undefined && b.healthPct < 60) return 'warn';
  return b.status === 'unknown' ? 'idle' : 'ok';
}

/** A reading or an em dash, so a device that lacks it shows that rather than a false 0. */
export function orDash(v: number | undefined, fmt: (n: number) => string): string {
  return v === undefined ? '—' : fmt(v);
}

export const formatWatts = (w: number) => `${w >= 100 ? Math.round(w) : w.toFixed(1)} W`;
export const formatMhz = (m: number) => `${Math.round(m)} MHz`;
export const formatRpm = (r: number) => `${Math.round(r)} RPM`;
export const formatHours = (h: number) => (h >= 48 ? `${Math.round(h / 24).toLocaleString('en')} days` : `${h} h`);

/** The fleet row's device hint, from the fleet entry's deviceTrouble: a failing drive first, then a battery running low. */
export function deviceHint(t: DeviceTrouble | null | undefined): string | null {
  if (!t) return null;
  if (t.failedDrives.length > 0) return `SMART failed: ${t.failedDrives.join(', ')}`;
  if (t.lowBattery) return `Battery ${t.lowBattery.name} low: ${Math.round(t.lowBattery.capacityPct)} % and discharging`;
  return null;
}

/**
 * A device section's charts narrowed to the readings one device gives (an AMD card without power has
 * no gpu.power series): asking the series API for a series the host never had is a 400.
 */
export function sectionForDevice(section: DepthSection, sample: Sample, entity: string): DepthSection {
  if (!section.family) return section;
  const entities = FAMILIES[section.family].entities as (s: Sample) => { key: string; values: Record<string, number> }[];
  const values = entities(sample).find((e) => e.key === entity)?.values ?? {};
  const charts = section.charts
    .map((c) => ({ ...c, series: c.series.filter((s) => values[s.metric] !== undefined) }))
    .filter((c) => c.series.length > 0);
  return { ...section, charts };
}
