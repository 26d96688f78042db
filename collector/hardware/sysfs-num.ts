import { readText } from '../proc/read';

/** A non-negative number in a sysfs file, or undefined (absent, unreadable — a disconnected fan reads EIO — or not a number). */
export function sysfsNumber(path: string): number | undefined {
  const t = readText(path)?.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A sysfs text file's first line, trimmed and bounded, or ''. */
export function sysfsWord(path: string, max = 128): string {
  return (readText(path) ?? '').split('\n')[0]!.trim().slice(0, max);
}
