import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeQuietly, preadText, readText } from '../../../collector/proc/read';

describe('small-file reads', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-read-'));
  // Larger than the shared 64 KiB buffer, with a marker at each end, so growing the buffer must keep what was read.
  const big = 'start:' + 'x'.repeat(200 * 1024) + ':end';
  const file = path.join(dir, 'big');
  writeFileSync(file, big);

  it('reads a file larger than the shared buffer whole', () => {
    expect(readText(file)).toBe(big);
  });

  it('re-reads a kept-open file larger than the buffer whole, every time', () => {
    const fd = openSync(file, 'r');
    try {
      expect(preadText(fd)).toBe(big);
      expect(preadText(fd)).toBe(big);
    } finally {
      closeQuietly(fd);
    }
  });

  it('answers null for a file that is gone', () => {
    expect(readText(path.join(dir, 'vanished'))).toBeNull();
  });
});
