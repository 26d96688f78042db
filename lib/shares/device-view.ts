import type { Battery, Drive, Fan, Gpu, Sample } from '@/lib/wire/contract';

/**
 * A share link's copy of the host's devices: only the keys named here, like
 * the rest of the shared sample (view.ts), so a field added upstream is not
 * shown by accident. GPU, fan and battery readings are harmless, like
 * temperatures; a GPU's process list names what runs on the host, as the
 * process table does, and is left out. Drives carry no serial number on the
 * wire at all.
 */

/** The listed keys of `o` that are present, nothing else. */
function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const GPU_KEYS = ['id', 'vendor', 'name', 'utilPct', 'memUsed', 'memTotal', 'celsius', 'powerW', 'coreMhz', 'memMhz'] as const satisfies readonly (keyof Gpu)[];
const DRIVE_KEYS = ['device', 'model', 'source', 'health', 'celsius', 'powerOnHours', 'reallocated', 'pending', 'percentUsed', 'mediaErrors', 'checkedAt'] as const satisfies readonly (keyof Drive)[];
const FAN_KEYS = ['label', 'rpm'] as const satisfies readonly (keyof Fan)[];
const BATTERY_KEYS = ['name', 'capacityPct', 'status', 'energyWh', 'energyFullWh', 'powerW', 'cycles', 'healthPct', 'secondsLeft'] as const satisfies readonly (keyof Battery)[];

export function deviceView(s: Sample): Pick<Sample, 'gpus' | 'drives' | 'fans' | 'batteries'> {
  return {
    ...(s.gpus ? { gpus: s.gpus.map((g) => pick(g, GPU_KEYS)) } : {}),
    ...(s.drives ? { drives: s.drives.map((d) => pick(d, DRIVE_KEYS)) } : {}),
    ...(s.fans ? { fans: s.fans.map((f) => pick(f, FAN_KEYS)) } : {}),
    ...(s.batteries ? { batteries: s.batteries.map((b) => pick(b, BATTERY_KEYS)) } : {}),
  };
}
