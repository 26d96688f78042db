import { InvalidInput } from '@/lib/errors';
import { FAMILIES, familyPart, isMetricName, METRIC_NAMES, metricsOfGroup, type Group, type MetricName } from '@/lib/metrics/registry';

/** The seed design's per-topic endpoints, as sets of scalar series from the registry. */
export const METRIC_GROUPS = {
  cpu: metricsOfGroup('cpu'),
  memory: metricsOfGroup('memory'),
  disk: metricsOfGroup('disk'),
  network: metricsOfGroup('network'),
} as const satisfies Partial<Record<Group, readonly MetricName[]>>;
export type MetricGroup = keyof typeof METRIC_GROUPS;

/** The names under /api/v1/metrics/: a group's history, the latest state (`current`) or the process list. */
export const METRIC_ALIASES = ['cpu', 'current', 'disk', 'memory', 'network', 'processes'] as const satisfies readonly (MetricGroup | 'current' | 'processes')[];
export type MetricAlias = (typeof METRIC_ALIASES)[number];

/**
 * Most series one read may return. A host may have hundreds of per-entity
 * series (up to each family's cap); one answer carrying them all would be
 * megabytes and would hold the event loop while it is built.
 */
export const MAX_SERIES_PER_READ = 64;

/** Scalar series always on offer; temp.max only where the host has sensors. */
const ALWAYS = METRIC_NAMES.filter((n) => n !== 'temp.max');

/**
 * The series one request reads. `requested` null means a default: the
 * group's series plus the host's family series of that group, or everything
 * the host keeps — filesystems before other families — up to
 * MAX_SERIES_PER_READ. Names must be registry metrics or series this host has
 * (`fs:/var`); anything else is a 400 that lists them.
 */
export function resolveMetrics(requested: string[] | null, available: string[], group?: MetricGroup): string[] {
  if (requested === null) {
    const families = available.filter((n) => familyPart(n) !== null && (!group || familyGroup(n) === group));
    const ordered = [...families.filter((n) => n.startsWith('fs:')), ...families.filter((n) => !n.startsWith('fs:'))];
    const scalars = group ? METRIC_GROUPS[group] : [...new Set([...ALWAYS, ...available.filter(isMetricName)])];
    return [...scalars, ...ordered].slice(0, MAX_SERIES_PER_READ);
  }
  if (requested.length > MAX_SERIES_PER_READ) {
    throw new InvalidInput('too_many_metrics', `metrics: at most ${MAX_SERIES_PER_READ} series per request; ${requested.length} were asked for.`, {
      field: 'metrics',
    });
  }
  const known = new Set(available);
  const unknown = requested.filter((n) => !isMetricName(n) && !known.has(n));
  if (unknown.length > 0) {
    throw new InvalidInput(
      'unknown_metric',
      `Unknown metric${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 10).join(', ')}. Known: ${METRIC_NAMES.join(', ')}, and this host's per-entity series such as fs:<mount>, disk.read:<device>, net.rx:<interface>, temp:<sensor>.`,
      { unknown: unknown.slice(0, 50) },
    );
  }
  return requested;
}

function familyGroup(name: string): Group | null {
  const part = familyPart(name);
  return part ? FAMILIES[part.family].group : null;
}
