import { z } from 'zod';
import { BATTERY_STATUS, DRIVE_HEALTH, GPU_VENDORS, MAX_BYTES, MAX_CELSIUS, MAX_COUNT, MAX_GPU_PROCESSES, MAX_PHYSICAL, MIN_CELSIUS } from './limits';
import { cleanText } from './text';

/**
 * The wire shapes of a host's devices: GPUs, drive health (SMART), fans and
 * batteries (issue #14). Kept beside contract.ts, which puts them in the
 * sample; the same physical ranges apply (a value outside is a 400 naming the
 * field). A reading a device does not expose is absent, never a made-up 0.
 * No serial numbers, no GPU UUIDs: a sample says what a device does, not which
 * unit it is.
 */

const num = z.number().finite('must be a finite number');
const pct = num.min(0, 'must be a percentage from 0 to 100').max(100, 'must be a percentage from 0 to 100');
const bytes = num.nonnegative('must not be negative').max(MAX_BYTES, 'must be at most 2^53 bytes');
const count = z.number().int('must be a whole number').nonnegative('must not be negative').max(MAX_COUNT, `must be at most ${MAX_COUNT}`);
const physical = num.nonnegative('must not be negative').max(MAX_PHYSICAL, `must be at most ${MAX_PHYSICAL}`);
const celsius = num.min(MIN_CELSIUS, `must be a temperature from ${MIN_CELSIUS} to ${MAX_CELSIUS} °C`).max(MAX_CELSIUS, `must be a temperature from ${MIN_CELSIUS} to ${MAX_CELSIUS} °C`);
const epochMs = num.nonnegative('must not be negative').max(MAX_COUNT, `must be at most ${MAX_COUNT}`);
const text = (max: number) => z.string().max(max).overwrite(cleanText);
const label = (max: number) => z.string().min(1).max(max).overwrite(cleanText);

export const gpuProcessSchema = z.object({
  pid: count,
  name: text(128),
  memUsed: bytes,
});

export const gpuSchema = z.object({
  /** Stable per host: `nvidia0` (nvidia-smi's index), `card0` (the DRM card) for AMD and Intel. */
  id: label(32),
  vendor: z.literal(GPU_VENDORS),
  name: text(128),
  utilPct: pct.optional(),
  memUsed: bytes.optional(),
  memTotal: bytes.optional(),
  celsius: celsius.optional(),
  powerW: physical.optional(),
  /** Graphics (SM) clock and memory clock, MHz. */
  coreMhz: physical.optional(),
  memMhz: physical.optional(),
  /** Processes holding GPU memory, where the driver tells (not collected yet: absent). */
  processes: z.array(gpuProcessSchema).max(MAX_GPU_PROCESSES).optional(),
});

export const driveSchema = z.object({
  /** The kernel's name: `sda`, `nvme0n1`. */
  device: label(64),
  model: text(128),
  /** `smart`: smartctl's last answer; `sysfs`: the kernel's NVMe hwmon only (temperature, no verdict). */
  source: z.literal(['smart', 'sysfs']),
  health: z.literal(DRIVE_HEALTH),
  celsius: celsius.optional(),
  powerOnHours: count.optional(),
  /** ATA attribute 5 (reallocated sectors) and 197 (pending sectors), raw values. */
  reallocated: count.optional(),
  pending: count.optional(),
  /** NVMe "percentage used" of the rated endurance; the spec lets it pass 100 (up to 255). */
  percentUsed: num.min(0, 'must be from 0 to 255').max(255, 'must be from 0 to 255').optional(),
  mediaErrors: count.optional(),
  /** When smartctl last read the drive, ms since the epoch; 0 for sysfs-only. */
  checkedAt: epochMs,
});

export const fanSchema = z.object({
  /** `<hwmon chip>/<fan label>`, e.g. `nct6775/fan2` or `thinkpad/CPU fan`. */
  label: label(128),
  rpm: physical,
});

export const batterySchema = z.object({
  /** The power_supply name: `BAT0`. */
  name: label(32),
  capacityPct: pct,
  status: z.literal(BATTERY_STATUS),
  /** Energy now and when full, watt-hours. */
  energyWh: physical.optional(),
  energyFullWh: physical.optional(),
  /** Charge or discharge power, watts. */
  powerW: physical.optional(),
  cycles: count.optional(),
  /** energy_full / energy_full_design, %: what is left of the battery's capacity. */
  healthPct: pct.optional(),
  /** Time to empty while discharging (energy now / power), seconds. */
  secondsLeft: count.optional(),
});

export type Gpu = z.infer<typeof gpuSchema>;
export type GpuProcess = z.infer<typeof gpuProcessSchema>;
export type Drive = z.infer<typeof driveSchema>;
export type Fan = z.infer<typeof fanSchema>;
export type Battery = z.infer<typeof batterySchema>;
