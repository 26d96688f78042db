/**
 * Increase of a kernel counter between two reads. Counters that went down
 * either wrapped (32-bit counters on some drivers and older kernels) or were
 * reset (driver reload, interface re-created). A wrap is assumed only when the
 * previous value fit in 32 bits and the wrapped distance is plausible;
 * otherwise it is a reset, and the counter's current value is what accumulated
 * since the reset.
 */
const WRAP32 = 2 ** 32;

export function counterDelta(prev: number, cur: number): number {
  if (cur >= prev) return cur - prev;
  if (prev < WRAP32) {
    const wrapped = WRAP32 - prev + cur;
    if (wrapped < WRAP32 / 2) return wrapped;
  }
  return cur;
}

/** Per-second rate over `intervalMs`, never negative or non-finite. */
export function perSecond(delta: number, intervalMs: number): number {
  if (!(intervalMs > 0) || !(delta > 0)) return 0;
  return (delta * 1000) / intervalMs;
}

export function clampPct(v: number): number {
  if (!(v > 0)) return 0;
  return v > 100 ? 100 : v;
}

/** Two decimals are plenty for a chart and keep the JSON small. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
