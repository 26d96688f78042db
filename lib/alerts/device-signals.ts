import type { Battery, Drive, Sample } from '@/lib/wire/contract';
import { latestStateSignal } from './latest-state-signal';
import type { FamilySignal } from './signal-types';

/*
 * Device conditions the stored series do not carry (issue #14). GPU temperature and
 * utilisation, fan speed ("fan stopped": fan.rpm below 1), battery charge and a drive's
 * reallocated or pending sectors rising are the registry's family signals already
 * (gpu.temp, gpu.util, fan.rpm, bat.charge, drive.realloc, drive.pending). Here: states
 * kept in the latest sample only, so they cannot be backtested.
 */

const deviceSignal = <T>(
  name: string,
  label: string,
  metricLabel: string,
  family: 'drives' | 'batteries',
  list: (s: Sample) => T[] | undefined,
  entity: (t: T) => string,
  value: (t: T) => number | undefined,
  unit: 'number' | 'pct' = 'number',
  suffix?: string,
): FamilySignal =>
  latestStateSignal({ name, label, metricLabel, family, list, entity, value, unit, suffix, reason: 'drive verdicts and battery status are kept in the latest sample only, not in history' });

const drives = (s: Sample) => s.drives;
const batteries = (s: Sample) => s.batteries;

export const DEVICE_SIGNALS: readonly FamilySignal[] = [
  // Only smartctl gives a verdict: a sysfs-only drive (`unknown`) is not judged, rather than judged healthy.
  deviceSignal('drive.failed', 'Drive SMART health failed (1 = failed)', 'SMART failed', 'drives', drives, (d: Drive) => d.device, (d) => (d.health === 'unknown' ? undefined : d.health === 'failed' ? 1 : 0)),
  deviceSignal('drive.media_errors', 'Drive media errors (NVMe)', 'media errors', 'drives', drives, (d: Drive) => d.device, (d) => (d.mediaErrors === undefined ? undefined : Math.min(d.mediaErrors, 2 ** 22)), 'number', 'errors'),
  // A laptop at 10 % on its charger is not in trouble: this one has a value only while the battery discharges.
  deviceSignal('bat.discharging', 'Battery charge while discharging', 'charge on battery', 'batteries', batteries, (b: Battery) => b.name, (b) => (b.status === 'discharging' ? b.capacityPct : undefined), 'pct'),
];
