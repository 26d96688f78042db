import { describe, expect, it } from 'vitest';
import { decodeUints, encodeUint, encodeUints, RECORD_SEPARATOR } from '@/lib/store/codec';

describe('printable integer codec', () => {
  it('round-trips small, boundary and large integers back to back', () => {
    const values = [0, 1, 45, 46, 47, 2_115, 2_116, 10_000, 3_000_000_123, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
    expect(decodeUints(encodeUints(values))).toEqual(values);
  });

  it('is compact: a 0.01 percentage in 3 characters, a few GB in 6', () => {
    expect(encodeUint(10_000)).toHaveLength(3);
    expect(encodeUint(8_000_000_000)).toHaveLength(6);
    expect(encodeUint(7)).toHaveLength(1);
  });

  it('uses only printable ASCII that JSON and records carry unchanged', () => {
    const text = encodeUints(Array.from({ length: 5_000 }, (_, i) => i * 7_919));
    expect(text).toMatch(/^[!-~]*$/);
    expect(text).not.toMatch(/["\\]/);
    expect(text).not.toContain(RECORD_SEPARATOR);
  });

  it('encodes many integers as the concatenation of each one, rounding, past 2^53 and past its buffer alike', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: Math.floor(rand() * 2_000) }, () =>
        rand() < 0.1 ? [0, 0.4, 0.5, 45.5, 2 ** 53, 2 ** 60 + 1, 1e300, Number.MAX_VALUE][Math.floor(rand() * 8)]! : Math.floor(rand() * 10 ** Math.floor(rand() * 16)),
      );
      expect(encodeUints(values)).toBe(values.map(encodeUint).join(''));
    }
    expect(() => encodeUints([1, -1])).toThrow(/non-negative/);
    expect(() => encodeUints([Number.POSITIVE_INFINITY])).toThrow(/non-negative/);
  });

  it('rejects negative or non-finite numbers and corrupt text', () => {
    expect(() => encodeUint(-1)).toThrow(/non-negative/);
    expect(() => encodeUint(Number.NaN)).toThrow(/non-negative/);
    expect(() => decodeUints('"')).toThrow(/unexpected character/);
    expect(() => decodeUints(encodeUint(5_000).slice(0, -1))).toThrow(/cut off/);
  });
});
