/**
 * The wire contract's limits, in a module without zod so the collector bundle
 * can import them without pulling in the schemas (contract.ts re-exports them).
 */

export const WIRE_VERSION = 1 as const;
/** Most samples one ingest POST may carry. */
export const MAX_BATCH_SAMPLES = 500;
/** Largest ingest body, after decompression. */
export const MAX_BODY_BYTES = 1_000_000;
/** A sample may be stamped at most this far in the server's future (clock skew allowance). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/*
 * Physical ranges of every number a sample carries. A value outside is a 400
 * naming the field, so nothing downstream (rollup sums, Lua arithmetic, the
 * codec) ever meets a non-finite, negative or overflowing value: a bucket sum
 * of at most 2^53 per value over any number of samples stays a finite double.
 */
/** Byte counts (memory, filesystem sizes): 2^53, about 9 PB, the largest exact double. */
export const MAX_BYTES = 2 ** 53;
/** Per-second rates (bytes, packets, operations, context switches). */
export const MAX_RATE = 2 ** 53;
/** Whole counts (processes, threads, inodes, spooled and dropped samples). */
export const MAX_COUNT = 2 ** 53 - 1;
/** Load averages: runnable tasks, which Linux bounds by pid_max (2^22). */
export const MAX_LOAD = 2 ** 22;
export const MIN_CELSIUS = -100;
export const MAX_CELSIUS = 200;

/** Container states as the Docker Engine API names them; anything else a runtime reports is `unknown`. */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'unknown'] as const;
export const CONTAINER_HEALTH = ['none', 'starting', 'healthy', 'unhealthy'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];
export type ContainerHealth = (typeof CONTAINER_HEALTH)[number];
/** At most this many containers per sample (the registry's default live cap is the same). */
export const MAX_CONTAINERS = 256;

/** systemd's ActiveState values; anything else a unit reports is `unknown`. */
export const SERVICE_STATES = ['active', 'reloading', 'inactive', 'failed', 'activating', 'deactivating', 'maintenance', 'refreshing', 'unknown'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];
/** At most this many services per sample (the registry's default live cap is the same). */
export const MAX_SERVICES = 256;
/** GPU makers the collector reads (nvidia-smi for NVIDIA, sysfs for AMD and Intel). */
export const GPU_VENDORS = ['nvidia', 'amd', 'intel'] as const;
/** A drive's overall SMART verdict; `unknown` when only sysfs was read (no smartctl, or no capability). */
export const DRIVE_HEALTH = ['passed', 'failed', 'unknown'] as const;
/** /sys/class/power_supply's status words, lower-cased; anything else is `unknown`. */
export const BATTERY_STATUS = ['charging', 'discharging', 'full', 'not-charging', 'unknown'] as const;
export type GpuVendor = (typeof GPU_VENDORS)[number];
export type DriveHealth = (typeof DRIVE_HEALTH)[number];
export type BatteryStatus = (typeof BATTERY_STATUS)[number];
/** Per-sample bounds (the registry's default live caps are the same). */
export const MAX_GPUS = 16;
export const MAX_GPU_PROCESSES = 32;
export const MAX_DRIVES = 64;
export const MAX_FANS = 64;
export const MAX_BATTERIES = 8;
/** Watts, MHz, RPM: bounded like load averages, which keeps them inside the registry's `number` range. */
export const MAX_PHYSICAL = MAX_LOAD;
