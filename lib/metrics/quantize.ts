import { UNITS, unitOf, type Precision } from './registry';

/**
 * History values are stored as non-negative integers: this is what lets a raw
 * sample fit in a few bytes per value and lets rollups keep exact integer sums
 * (identical on every backend, whatever the float formatting of Lua or SQLite).
 * The precision of each series comes from its unit in the registry:
 * percentages and load averages keep 0.01, temperatures 0.1 °C, byte counts
 * and rates whole units. Pure.
 */

const WHOLE: Precision = { scale: 1, offset: 0 };

export function precisionOf(name: string): Precision {
  const unit = unitOf(name);
  return unit ? UNITS[unit].precision : WHOLE;
}

export function quantize(name: string, value: number): number {
  return quantizeWith(precisionOf(name), value);
}

export function quantizeWith(q: Precision, value: number): number {
  return Math.max(0, Math.round((value + q.offset) * q.scale));
}

export function dequantize(name: string, stored: number): number {
  const q = precisionOf(name);
  // Rounding again removes float noise such as 12.340000000000002 from the division.
  return roundTo(stored / q.scale - q.offset, q.scale);
}

/** An average of stored values, back in the series' unit (not rounded to the quantum: averages are finer). */
export function dequantizeMean(name: string, storedSum: number, count: number): number {
  const q = precisionOf(name);
  return storedSum / count / q.scale - q.offset;
}

function roundTo(v: number, scale: number): number {
  return Math.round(v * scale) / scale;
}
