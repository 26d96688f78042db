import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, crc32js } from '@/collector/crc32';

describe('crc32 (native where Node has it) and the portable fallback', () => {
  it('agree on whole buffers and on ranges inside them', () => {
    expect(crc32js(Buffer.from('123456789'))).toBe(0xcbf43926);
    for (const size of [0, 1, 7, 100, 6500, 70_000]) {
      const b = randomBytes(size);
      expect(crc32(b)).toBe(crc32js(b));
      expect(crc32(b, Math.floor(size / 3), size - Math.floor(size / 5))).toBe(crc32js(b, Math.floor(size / 3), size - Math.floor(size / 5)));
    }
  });
});
