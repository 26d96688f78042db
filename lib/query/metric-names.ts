import { InvalidInput } from '@/lib/errors';
import { FILESYSTEM_PREFIX, FIXED_SERIES_NAMES, HOTTEST_TEMPERATURE, type FixedSeriesName } from '@/lib/metrics/series';

/** The seed design's per-topic endpoints, as sets of history series. */
export const METRIC_GROUPS = {
  cpu: ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal', 'load.1', 'load.5', 'load.15'],
  memory: ['mem.used', 'mem.available', 'mem.cached', 'swap.used'],
  disk: ['disk.read', 'disk.write'],
  network: ['net.rx', 'net.tx'],
} as const satisfies Record<string, readonly FixedSeriesName[]>;
export type MetricGroup = keyof typeof METRIC_GROUPS;

/** The names under /api/v1/metrics/: a group's history, the latest state (`current`) or the process list. */
export const METRIC_ALIASES = ['cpu', 'current', 'disk', 'memory', 'network', 'processes'] as const satisfies readonly (MetricGroup | 'current' | 'processes')[];
export type MetricAlias = (typeof METRIC_ALIASES)[number];

/**
 * The series one request reads. `requested` null means a default: the
 * group's series (disk adds every filesystem the host has), or everything the
 * host keeps. Names must be fixed series or ones this host has (`fs:/var`);
 * anything else is a 400 that lists them.
 */
export function resolveMetrics(requested: string[] | null, available: string[], group?: MetricGroup): string[] {
  const fixed = new Set<string>([...FIXED_SERIES_NAMES, HOTTEST_TEMPERATURE]);
  if (requested === null) {
    if (group) {
      const extra = group === 'disk' ? available.filter((n) => n.startsWith(FILESYSTEM_PREFIX)) : [];
      return [...METRIC_GROUPS[group], ...extra];
    }
    return [...new Set([...FIXED_SERIES_NAMES, ...available])];
  }
  const known = new Set([...fixed, ...available]);
  const unknown = requested.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new InvalidInput(
      'unknown_metric',
      `Unknown metric${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 10).join(', ')}. Known: ${FIXED_SERIES_NAMES.join(', ')}, ${HOTTEST_TEMPERATURE} and fs:<mount> for this host's filesystems.`,
      { unknown: unknown.slice(0, 50) },
    );
  }
  return requested;
}
