import { FILESYSTEM_PREFIX, HOTTEST_TEMPERATURE } from './series';

/**
 * History values are stored as non-negative integers: this is what lets a raw
 * sample fit in a few bytes per value and lets rollups keep exact integer sums
 * (identical on every backend, whatever the float formatting of Lua or SQLite).
 * Percentages and load averages keep 0.01, temperatures 0.1 °C, byte counts
 * and rates whole units. Pure.
 */

interface Quantum {
  /** Stored value = round((value + offset) * scale). */
  scale: number;
  /** Makes the smallest valid value 0 (temperatures go down to -100 °C). */
  offset: number;
}

const PERCENT: Quantum = { scale: 100, offset: 0 };
const WHOLE: Quantum = { scale: 1, offset: 0 };
const TEMPERATURE: Quantum = { scale: 10, offset: 100 };

export function quantumOf(name: string): Quantum {
  if (name.startsWith('cpu.') || name.startsWith('load.') || name.startsWith(FILESYSTEM_PREFIX)) return PERCENT;
  if (name === HOTTEST_TEMPERATURE) return TEMPERATURE;
  return WHOLE;
}

export function quantize(name: string, value: number): number {
  const q = quantumOf(name);
  return Math.max(0, Math.round((value + q.offset) * q.scale));
}

export function dequantize(name: string, stored: number): number {
  const q = quantumOf(name);
  // Rounding again removes float noise such as 12.340000000000002 from the division.
  return roundTo(stored / q.scale - q.offset, q.scale);
}

/** An average of stored values, back in the series' unit (not rounded to the quantum: averages are finer). */
export function dequantizeMean(name: string, storedSum: number, count: number): number {
  const q = quantumOf(name);
  return storedSum / count / q.scale - q.offset;
}

function roundTo(v: number, scale: number): number {
  return Math.round(v * scale) / scale;
}
