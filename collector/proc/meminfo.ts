import type { Memory } from '../../lib/wire/contract';

/**
 * /proc/meminfo in bytes, with the same definitions as procps `free`:
 * used = total − available, cache = Cached + SReclaimable.
 */
export function parseMeminfo(text: string): Memory {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const value = Number.parseInt(line.slice(colon + 1), 10);
    if (Number.isFinite(value)) kb.set(line.slice(0, colon), value * 1024);
  }
  const get = (k: string) => kb.get(k) ?? 0;
  const total = get('MemTotal');
  const cached = get('Cached') + get('SReclaimable');
  // Kernels before 3.14 have no MemAvailable; approximate it the way procps does.
  const available = kb.has('MemAvailable') ? get('MemAvailable') : get('MemFree') + get('Buffers') + cached;
  const swapTotal = get('SwapTotal');
  return {
    total,
    used: Math.max(0, total - available),
    available: Math.min(available, total),
    buffers: get('Buffers'),
    cached,
    swapTotal,
    swapUsed: Math.max(0, swapTotal - get('SwapFree')),
  };
}
