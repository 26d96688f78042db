import type { Sample } from '@/lib/wire/contract';

/**
 * The series kept in history, and how each is read from a sample. Per-core
 * CPU, per-disk and per-interface detail live only in the latest state.
 * Per-filesystem usage is one series per mount point: `fs:<mount>`.
 */

export const FIXED_SERIES = {
  'cpu.total': (s: Sample) => s.cpu.total,
  'cpu.user': (s: Sample) => s.cpu.user,
  'cpu.system': (s: Sample) => s.cpu.system,
  'cpu.iowait': (s: Sample) => s.cpu.iowait,
  'cpu.steal': (s: Sample) => s.cpu.steal,
  'load.1': (s: Sample) => s.cpu.load1,
  'load.5': (s: Sample) => s.cpu.load5,
  'load.15': (s: Sample) => s.cpu.load15,
  'mem.used': (s: Sample) => s.memory.used,
  'mem.available': (s: Sample) => s.memory.available,
  'mem.cached': (s: Sample) => s.memory.cached,
  'swap.used': (s: Sample) => s.memory.swapUsed,
  'disk.read': (s: Sample) => s.disk.total.readBps,
  'disk.write': (s: Sample) => s.disk.total.writeBps,
  'net.rx': (s: Sample) => s.network.total.rxBps,
  'net.tx': (s: Sample) => s.network.total.txBps,
} as const satisfies Record<string, (s: Sample) => number>;

export type FixedSeriesName = keyof typeof FIXED_SERIES;
export const FIXED_SERIES_NAMES = Object.keys(FIXED_SERIES) as FixedSeriesName[];

export const HOTTEST_TEMPERATURE = 'temp.max';
export const FILESYSTEM_PREFIX = 'fs:';

export function isSeriesName(name: string): boolean {
  return name in FIXED_SERIES || name === HOTTEST_TEMPERATURE || (name.startsWith(FILESYSTEM_PREFIX) && name.length > 3);
}

/** Every history value a sample carries, by series name. Absent sensors give no temp.max. */
export function seriesValues(sample: Sample): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of FIXED_SERIES_NAMES) out[name] = FIXED_SERIES[name](sample);
  if (sample.temperatures.length > 0) {
    out[HOTTEST_TEMPERATURE] = Math.max(...sample.temperatures.map((t) => t.celsius));
  }
  for (const fs of sample.filesystems) out[FILESYSTEM_PREFIX + fs.mount] = fs.usedPct;
  return out;
}
