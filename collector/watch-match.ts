/**
 * What "a process matches a watched pattern" means, once for every sampler
 * (/proc, systeminformation, simulation): its name equals the pattern, or the
 * basename of its argv[0] does (the kernel cuts a process name at 15
 * characters, so `nginx-worker-long-name` is only whole in argv[0]), or its
 * command line (arguments joined by spaces) contains it. Plain text, case-sensitive.
 */

/** The basename of argv[0]: the command line up to its first NUL (or all of it), after the last '/'. */
export function argv0Basename(rawCmdline: string): string {
  const nul = rawCmdline.indexOf('\0');
  const argv0 = nul < 0 ? rawCmdline : rawCmdline.slice(0, nul);
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

/** NUL-separated arguments as one line, as `ps` shows them: trailing NULs dropped, the rest become spaces. */
export function joinCmdline(rawCmdline: string): string {
  let end = rawCmdline.length;
  while (end > 0 && rawCmdline.charCodeAt(end - 1) === 0) end--;
  return rawCmdline.slice(0, end).replaceAll('\0', ' ');
}

/** One process as matching sees it. `command` is the joined command line, '' for kernel threads and zombies. */
export interface WatchedProcess {
  name: string;
  argv0: string;
  command: string;
}

export function matchesPattern(pattern: string, p: WatchedProcess): boolean {
  return p.name === pattern || p.argv0 === pattern || (p.command !== '' && p.command.includes(pattern));
}

/** Indexes of the patterns a process matches; one shared empty array when none (most processes). */
export function matchingPatterns(patterns: readonly string[], p: WatchedProcess): readonly number[] {
  let hits: number[] | null = null;
  for (let i = 0; i < patterns.length; i++) if (matchesPattern(patterns[i]!, p)) (hits ??= []).push(i);
  return hits ?? NONE;
}

const NONE: readonly number[] = Object.freeze([]);

/** `processes.watched` for a full process list (every pattern present, 0 included). */
export function countWatched(patterns: readonly string[], processes: Iterable<WatchedProcess>): { pattern: string; count: number }[] {
  const counts = patterns.map(() => 0);
  for (const p of processes) for (const i of matchingPatterns(patterns, p)) counts[i]!++;
  return patterns.map((pattern, i) => ({ pattern, count: counts[i]! }));
}
