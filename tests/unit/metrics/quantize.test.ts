import { describe, expect, it } from 'vitest';
import { dequantize, dequantizeMean, quantize } from '@/lib/metrics/quantize';

describe('quantization of history values', () => {
  it('keeps percentages and load to 0.01, temperatures to 0.1 °C and bytes whole', () => {
    expect(quantize('cpu.total', 12.34)).toBe(1234);
    expect(dequantize('cpu.total', quantize('cpu.total', 12.345678))).toBe(12.35);
    expect(dequantize('fs:/var', quantize('fs:/var', 99.99))).toBe(99.99);
    expect(dequantize('load.5', quantize('load.5', 3.14159))).toBe(3.14);
    expect(dequantize('temp.max', quantize('temp.max', -12.34))).toBe(-12.3);
    expect(dequantize('mem.used', quantize('mem.used', 3_000_000_123.4))).toBe(3_000_000_123);
    expect(dequantize('net.rx', quantize('net.rx', 0.4))).toBe(0);
  });

  it('stores only non-negative integers, even for the coldest valid temperature', () => {
    expect(quantize('temp.max', -100)).toBe(0);
    expect(quantize('temp.max', 200)).toBe(3_000);
  });

  it('averages in the series unit without rounding to the quantum', () => {
    expect(dequantizeMean('cpu.total', 1 + 2, 2)).toBeCloseTo(0.015, 12);
    expect(dequantizeMean('temp.max', quantize('temp.max', -5) + quantize('temp.max', 10), 2)).toBeCloseTo(2.5, 12);
  });
});
