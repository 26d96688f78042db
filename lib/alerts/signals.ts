import { FAMILIES, FAMILY_NAMES, familyPart, isMetricName, METRIC_NAMES, METRICS, type FamilyName, type Group, type Unit } from '@/lib/metrics/registry';
import type { Sample } from '@/lib/wire/contract';
import { DERIVED_SIGNALS } from './derived-signals';
import type { FamilySignal, ScalarSignal, Signal } from './signal-types';

export type { EntityValue, FamilySignal, HistorySource, HistoryContext, ScalarSignal, Signal } from './signal-types';

/**
 * What a metric condition can watch. Every series of the registry is a
 * signal without an edit here: each METRICS scalar under its own name, each
 * FAMILIES metric under its metric id (`fs`, `temp`) — or `<metric>.each`
 * when a scalar already holds that name as the host's total (`net.rx` is the
 * total, `net.rx.each` every interface). The derived signals the stored
 * series do not carry (memory used %, inodes %, error rates, load per core)
 * come from derived-signals.ts. Each signal says whether, and how, a
 * backtest can rebuild it from stored history (`history`). Pure.
 */

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function scalarFromRegistry(name: (typeof METRIC_NAMES)[number]): ScalarSignal {
  const def = METRICS[name];
  return {
    name,
    label: def.label,
    unit: def.unit,
    group: def.group,
    read: def.read as (s: Sample) => number | undefined,
    history: { kind: 'series', series: name },
  };
}

/** The family signal's name: the metric id, unless a scalar already uses it for the total. */
export function familySignalName(metric: string): string {
  return isMetricName(metric) ? `${metric}.each` : metric;
}

function familyFromRegistry(family: FamilyName, metric: string, def: { label: string; unit: Unit }): FamilySignal {
  const fam = FAMILIES[family];
  const entities = fam.entities as (s: Sample) => { key: string; values: Record<string, number> }[];
  return {
    name: familySignalName(metric),
    label: `${capitalize(fam.entity)} ${def.label.toLowerCase()}`,
    metricLabel: def.label.toLowerCase(),
    unit: def.unit,
    group: fam.group as Group,
    family,
    entityKind: fam.entity,
    entities: (s) => entities(s).flatMap((e) => (e.values[metric] === undefined ? [] : [{ entity: e.key, value: e.values[metric]! }])),
    history: { kind: 'family', metric },
  };
}

const REGISTRY_SIGNALS: Signal[] = [
  ...METRIC_NAMES.map(scalarFromRegistry),
  ...FAMILY_NAMES.flatMap((f) =>
    Object.entries(FAMILIES[f].metrics as Record<string, { label: string; unit: Unit }>).map(([metric, def]) => familyFromRegistry(f, metric, def)),
  ),
];

/** Every signal, registry first, in a stable order (the rule editor lists them so). */
export const SIGNALS: readonly Signal[] = [...REGISTRY_SIGNALS, ...DERIVED_SIGNALS];

const BY_NAME = new Map<string, Signal>(SIGNALS.map((s) => [s.name, s]));
if (BY_NAME.size !== SIGNALS.length) throw new Error('two alert signals share a name');

export const SIGNAL_NAMES: readonly string[] = SIGNALS.map((s) => s.name);

export function signalByName(name: string): Signal | undefined {
  return BY_NAME.get(name);
}

export const isFamilySignal = (s: Signal): s is FamilySignal => s.family !== undefined;

/**
 * The values one sample gives a signal: `[{ entity: '', value }]` for a
 * scalar (none when the sample lacks it), one per entity for a family; the
 * same entity twice in a sample (two mounts on one path) counts once, the
 * last one, as history keeps it.
 */
export function signalValues(signal: Signal, sample: Sample, entity?: string | ((entity: string) => boolean)): { entity: string; value: number }[] {
  if (!isFamilySignal(signal)) {
    const v = signal.read(sample);
    return v === undefined || !Number.isFinite(v) ? [] : [{ entity: '', value: v }];
  }
  const out = new Map<string, number>();
  const keep = typeof entity === 'string' ? (e: string) => e === entity : entity;
  for (const e of signal.entities(sample)) {
    if (keep !== undefined && !keep(e.entity)) continue;
    if (Number.isFinite(e.value)) out.set(e.entity, e.value);
  }
  return [...out].map(([k, value]) => ({ entity: k, value }));
}

const FAMILY_SIGNAL_OF_METRIC = new Map<string, FamilySignal>(
  SIGNALS.filter(isFamilySignal).flatMap((s) => (s.history.kind === 'family' ? [[s.history.metric, s] as const] : [])),
);

/**
 * A stored history series as (signal, entity): `cpu.total` → (cpu.total, ''),
 * `fs:/var` → (fs, '/var'), `net.rx:eth0` → (net.rx.each, 'eth0'); null for a
 * name the registry does not know.
 */
export function signalForSeries(seriesName: string): { signal: Signal; entity: string } | null {
  if (isMetricName(seriesName)) return { signal: BY_NAME.get(seriesName)!, entity: '' };
  const part = familyPart(seriesName);
  const signal = part ? FAMILY_SIGNAL_OF_METRIC.get(part.metric) : undefined;
  return signal && part ? { signal, entity: part.entity } : null;
}

/** A family signal's stored series of one entity (`fs` + `/var` → `fs:/var`). */
export function seriesOfEntity(signal: FamilySignal, entity: string): string | null {
  return signal.history.kind === 'family' ? `${signal.history.metric}:${entity}` : null;
}

/** Why a signal cannot be rebuilt from stored history, or null when it can (given the context it names). */
export function backtestUnavailable(signal: Signal, ctx: { cores?: number } = {}): string | null {
  const h = signal.history;
  if (h.kind === 'none') return h.reason;
  if (h.kind === 'derived' && h.requires === 'cores' && !(ctx.cores && ctx.cores > 0)) return `${signal.label} needs the host's CPU count, which it has not reported`;
  return null;
}
