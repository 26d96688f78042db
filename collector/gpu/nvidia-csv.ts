import type { Gpu } from '@/lib/wire/hardware';

/**
 * nvidia-smi's CSV lines, as the long-lived child prints them
 * (`--format=csv,noheader,nounits`): one line per GPU per loop, fields in
 * QUERY order. A field the GPU does not support reads `[N/A]` or
 * `[Not Supported]` and becomes absent. Pure.
 */

/** The fields asked for, in order. memory.* are MiB, power.draw watts, clocks MHz. */
export const QUERY_FIELDS = ['index', 'name', 'utilization.gpu', 'memory.used', 'memory.total', 'temperature.gpu', 'power.draw', 'clocks.sm', 'clocks.mem'] as const;

const MIB = 1024 * 1024;
/** Longest line kept; nvidia-smi's are ~100 characters, anything far longer is not its output. */
export const MAX_LINE = 1024;

function numberOf(field: string | undefined, max: number): number | undefined {
  if (field === undefined) return undefined;
  const t = field.trim();
  if (t === '' || t.startsWith('[')) return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= max ? n : undefined;
}

/** One CSV line → a GPU, or null when it is not a line of ours (a warning, a header, garbage). */
export function parseNvidiaLine(line: string): Gpu | null {
  if (line.length === 0 || line.length > MAX_LINE) return null;
  const f = line.split(',').map((s) => s.trim());
  if (f.length !== QUERY_FIELDS.length) return null;
  const index = f[0]!;
  if (!/^\d{1,3}$/.test(index)) return null;
  const memUsed = numberOf(f[3], 2 ** 33);
  const memTotal = numberOf(f[4], 2 ** 33);
  const gpu: Gpu = { id: `nvidia${index}`, vendor: 'nvidia', name: f[1]!.slice(0, 128) };
  const util = numberOf(f[2], 100);
  const celsius = numberOf(f[5], 200);
  const power = numberOf(f[6], 100_000);
  const core = numberOf(f[7], 100_000);
  const mem = numberOf(f[8], 100_000);
  if (util !== undefined) gpu.utilPct = util;
  if (memUsed !== undefined) gpu.memUsed = memUsed * MIB;
  if (memTotal !== undefined) gpu.memTotal = memTotal * MIB;
  if (celsius !== undefined) gpu.celsius = celsius;
  if (power !== undefined) gpu.powerW = power;
  if (core !== undefined) gpu.coreMhz = core;
  if (mem !== undefined) gpu.memMhz = mem;
  return gpu;
}

/** The child's arguments for a loop every `intervalMs` (at least 100 ms, nvidia-smi's own floor). */
export function nvidiaSmiArgs(intervalMs: number): string[] {
  return [`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(Math.max(100, Math.round(intervalMs)))];
}
