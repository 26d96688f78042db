import { FAMILIES, METRICS, familySeries, type FamilyName, type Group, type Unit } from '@/lib/metrics/registry';
import type { Sample } from '@/lib/wire/contract';
import { CHART_METRICS, CHART_POINTS } from './chart-specs';
import { apiRangeQuery, type RangeSelection } from './range';

/**
 * The host page's depth sections — one per series family (disks, interfaces,
 * filesystems, cores, sensors) and one for the scalar series the headline
 * charts do not draw — derived from the series registry alone: a family or
 * metric added there shows up here with no edit. Each section's charts group
 * the family's metrics by their registry `chart` title; a chart's unit is its
 * metrics' display unit. Pure and client-safe.
 */

export interface DepthSeries {
  /** The family metric id (`disk.read`) or scalar name (`cpu.ctxt`). */
  metric: string;
  label: string;
}

export interface DepthChart {
  /** Stable within its section (used in ids and test hooks). */
  id: string;
  title: string;
  unit: Unit;
  series: DepthSeries[];
}

export interface DepthSection {
  id: string;
  title: string;
  /** What one entity is ("disk"), for the picker's label; null for scalars. */
  entity: string | null;
  family: FamilyName | null;
  charts: DepthChart[];
}

/** Section heading for a family without a title in the registry: its entity, plural, capitalised. */
function fallbackTitle(entity: string): string {
  return `${entity.charAt(0).toUpperCase()}${entity.slice(1)}s`;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

interface MetricMeta {
  label: string;
  unit: Unit;
  chart?: string;
  display?: Unit;
}

/** Metrics grouped into charts by their `chart` title (the label when none), in registry order. */
export function chartsOf(metrics: [string, MetricMeta][]): DepthChart[] {
  const charts = new Map<string, DepthChart>();
  for (const [metric, def] of metrics) {
    const title = def.chart ?? def.label;
    const unit = def.display ?? def.unit;
    let chart = charts.get(title);
    if (!chart) {
      chart = { id: slug(title) || `chart-${charts.size}`, title, unit, series: [] };
      charts.set(title, chart);
    }
    chart.series.push({ metric, label: def.label });
  }
  return [...charts.values()];
}

const GROUP_TITLES: Record<Group, string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk', network: 'Network', temperature: 'Temperature', containers: 'Containers',
  services: 'Services', devices: 'Devices' };

/** The part of the registry the sections read: families and scalars with their display metadata. */
export interface SectionRegistry {
  families: Record<string, { entity: string; title?: string; metrics: Record<string, MetricMeta> }>;
  metrics: Record<string, MetricMeta & { group: Group }>;
}

const REGISTRY: SectionRegistry = { families: FAMILIES, metrics: METRICS };

/**
 * Every section: family sections first (registry order), then "More system
 * metrics" — the scalars no headline chart draws (`drawn`) and those whose
 * registry entry names a chart, each on that chart, else on one per group. The arguments default to
 * the real registry; tests pass their own to show that a new entry needs no
 * edit here.
 */
export function depthSections(registry: SectionRegistry = REGISTRY, drawn: readonly string[] = CHART_METRICS): DepthSection[] {
  const families = Object.entries(registry.families).map(
    ([family, def]): DepthSection => ({
      id: family,
      title: def.title ?? fallbackTitle(def.entity),
      entity: def.entity,
      family: family as FamilyName,
      charts: chartsOf(Object.entries(def.metrics)),
    }),
  );
  const shown = new Set(drawn);
  // A scalar that names its chart is drawn there even if a headline chart has it too (swap used beside swap size);
  // temp.max is the hottest of the sensors, which the Sensors section draws one by one.
  const rest = Object.entries(registry.metrics).filter(([m, def]) => (def.chart !== undefined || !shown.has(m)) && m !== 'temp.max');
  const scalars = chartsOf(rest.map(([m, def]): [string, MetricMeta] => [m, { ...def, chart: def.chart ?? GROUP_TITLES[def.group] }]));
  return scalars.length > 0 ? [...families, { id: 'system', title: 'More system metrics', entity: null, family: null, charts: scalars }] : families;
}

/** The entities of a family in a sample (the newest one), in a natural order: sda before sdb, core 2 before core 10. */
export function entitiesOf(family: FamilyName, sample: Sample): string[] {
  const read = FAMILIES[family].entities as (s: Sample) => { key: string }[];
  const keys = [...new Set(read(sample).map((e) => e.key))].filter((k) => !k.includes(','));
  return keys.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The series names a section's charts need for one entity (or the scalars, entity null). */
export function sectionMetrics(section: DepthSection, entity: string | null): string[] {
  const metrics = section.charts.flatMap((c) => c.series.map((s) => s.metric));
  if (section.family === null) return metrics;
  return entity === null ? [] : metrics.map((m) => familySeries(m, entity));
}

/** A chart's series name for one entity: what its line reads from the answer. */
export function seriesName(section: DepthSection, metric: string, entity: string | null): string {
  return section.family === null || entity === null ? metric : familySeries(metric, entity);
}

/** The entity shown in the picker's option, e.g. "core 3" for a core index. */
export function entityLabel(section: DepthSection, entity: string): string {
  return /^\d+$/.test(entity) && section.entity ? `${section.entity} ${entity}` : entity;
}

/**
 * The series request of an open section (also its SWR key): the same range
 * and point budget as the headline charts. Names are URL-encoded; the API
 * splits the list on commas, so an entity whose name holds one is not offered
 * (entitiesOf drops it).
 */
export function depthSeriesKey(base: string, metrics: string[], sel: RangeSelection): string {
  return `${base}?metrics=${metrics.map(encodeURIComponent).join(',')}&${apiRangeQuery(sel)}&points=${CHART_POINTS}`;
}
