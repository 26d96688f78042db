import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class SpoolLockedError extends Error {}

/**
 * Claims a spool directory for this process by writing its pid to `lock`;
 * refuses when another live process holds it (two collectors appending to
 * one spool would interleave records and acknowledge each other's samples).
 */
export function lockSpoolDir(dir: string): void {
  const file = path.join(dir, 'lock');
  let other = NaN;
  try {
    other = Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    // no lock file: free
  }
  if (Number.isInteger(other) && other !== process.pid && other > 0) {
    let alive = false;
    try {
      process.kill(other, 0);
      alive = true;
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (alive) throw new SpoolLockedError(`spool directory ${dir} is in use by process ${other}`);
  }
  writeFileSync(file, String(process.pid), { mode: 0o600 });
}
