import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/store/sqlite/db';
import { RateWindows } from '@/lib/store/sqlite/rate-windows';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-rate-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The table's count of a key, as another reader of the file sees it. */
function stored(file: string, key: string): number | undefined {
  const db = openDatabase(file);
  try {
    return (db.prepare('SELECT count FROM rate_limits WHERE key = ?').get(key) as { count: number } | undefined)?.count;
  } finally {
    db.close();
  }
}

describe('RateWindows (SQLite rate limits counted in memory)', () => {
  const W = 60_000;
  const start = Math.floor(Date.now() / W) * W;

  it('writes counts behind: the table has the first hit of a window, then all of them after a flush', () => {
    const file = path.join(dir, 'behind.db');
    const db = openDatabase(file);
    const windows = new RateWindows(db);
    try {
      for (let i = 1; i <= 4; i++) expect(windows.hit('k', W, start + i).count).toBe(i);
      expect(stored(file, 'k')).toBe(1);
      windows.flush();
      expect(stored(file, 'k')).toBe(4);
      windows.reset('k');
      expect(stored(file, 'k')).toBeUndefined();
      expect(windows.hit('k', W, start + 5).count).toBe(1);
    } finally {
      windows.flush();
      db.close();
    }
  });

  it('counts keys past its memory in the table alone, exactly as before', () => {
    const file = path.join(dir, 'full.db');
    const db = openDatabase(file);
    const windows = new RateWindows(db, 2);
    try {
      windows.hit('a', W, start);
      windows.hit('b', W, start);
      for (let i = 1; i <= 3; i++) expect(windows.hit('c', W, start + i).count).toBe(i);
      expect(stored(file, 'c')).toBe(3);
      expect(windows.hit('a', W, start + 4).count).toBe(2);
      expect(stored(file, 'a')).toBe(1);
    } finally {
      windows.flush();
      db.close();
    }
  });

  it('starts a new window from the table, whatever memory held for the old one', () => {
    const file = path.join(dir, 'next.db');
    const db = openDatabase(file);
    const windows = new RateWindows(db);
    try {
      for (let i = 0; i < 3; i++) windows.hit('k', W, start + i);
      expect(windows.hit('k', W, start + W)).toEqual({ count: 1, resetAt: start + 2 * W });
      windows.flush();
      expect(stored(file, 'k')).toBe(1);
    } finally {
      db.close();
    }
  });
});
