import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nvidiaSmiArgs, parseNvidiaLine, QUERY_FIELDS } from '@/collector/gpu/nvidia-csv';

const FIXTURE = readFileSync(path.join(import.meta.dirname, '../../fixtures/devices/nvidia-smi.csv'), 'utf8').trim().split('\n');
const MIB = 1024 * 1024;

describe("nvidia-smi's CSV lines", () => {
  it('parses a recorded line into a GPU with MiB turned into bytes', () => {
    expect(parseNvidiaLine(FIXTURE[0]!)).toEqual({
      id: 'nvidia0', vendor: 'nvidia', name: 'NVIDIA GeForce RTX 3090', utilPct: 87, memUsed: 18432 * MIB, memTotal: 24576 * MIB, celsius: 71, powerW: 312.45, coreMhz: 1890, memMhz: 9751,
    });
  });

  it('leaves out a field the GPU does not support ([N/A]) instead of reporting 0', () => {
    const gpu = parseNvidiaLine(FIXTURE[1]!)!;
    expect(gpu.id).toBe('nvidia1');
    expect(gpu.powerW).toBeUndefined();
    expect('powerW' in gpu).toBe(false);
    expect(gpu.utilPct).toBe(3);
    expect(parseNvidiaLine('0, Tesla K80, [Not Supported], 10, 100, 30, 20, 100, 200')!.utilPct).toBeUndefined();
  });

  it('refuses what is not one of its lines: warnings, wrong field counts, out-of-range values, a huge line', () => {
    expect(parseNvidiaLine('')).toBeNull();
    expect(parseNvidiaLine('Failed to initialize NVML: Driver/library version mismatch')).toBeNull();
    expect(parseNvidiaLine('0, RTX, 10, 1, 2, 3')).toBeNull();
    expect(parseNvidiaLine('x, RTX, 10, 1, 2, 3, 4, 5, 6')).toBeNull();
    expect(parseNvidiaLine(`0, ${'A'.repeat(2000)}, 10, 1, 2, 3, 4, 5, 6`)).toBeNull();
    // A utilisation above 100 is not a reading: absent, the rest kept.
    expect(parseNvidiaLine('0, RTX, 250, 1, 2, 3, 4, 5, 6')!.utilPct).toBeUndefined();
  });

  it('asks for loop mode with no header and no units, at the sampling interval', () => {
    const args = nvidiaSmiArgs(5000);
    expect(args).toEqual([`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', '5000']);
    expect(nvidiaSmiArgs(10)).toContain('100');
  });
});
