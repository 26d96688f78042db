import { FAMILIES, METRICS, type FamilyName, type MetricName } from '@/lib/metrics/registry';
import type { Sample } from '@/lib/wire/contract';
import type { Labels } from './labels';
import { NAMED_SERIES, type NamedSeries } from './names';
import type { Series } from './protobuf';

/**
 * A stored sample as remote-write points: one value of each registry series
 * it has (names.ts), stamped with the sample's own time. Pure.
 */

export interface Point {
  /** Sorted by name, `__name__` included; shared between the points of one series. */
  labels: Labels;
  /** The labels as one string, to group a batch's points by series. */
  key: string;
  value: number;
  ts: number;
}

const SCALARS = NAMED_SERIES.filter((d) => d.family === null);
const BY_FAMILY = new Map<FamilyName, NamedSeries[]>();
for (const d of NAMED_SERIES) if (d.family) BY_FAMILY.set(d.family, [...(BY_FAMILY.get(d.family) ?? []), d]);

const byName = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function point(name: string, base: Labels, extra: [string, string] | null, value: number, ts: number): Point {
  const labels: Labels = [['__name__', name] as [string, string], ...base, ...(extra ? [extra] : [])].sort(byName);
  return { labels, key: labels.map(([n, v]) => `${n}\u0000${v}`).join('\u0001'), value, ts };
}

export function samplePoints(base: Labels, s: Sample): Point[] {
  const out: Point[] = [];
  for (const d of SCALARS) {
    const value = METRICS[d.key as MetricName].read(s);
    if (value !== undefined) out.push(point(d.name, base, null, value, s.ts));
  }
  for (const [family, defs] of BY_FAMILY) {
    for (const entity of FAMILIES[family].entities(s)) {
      const values = entity.values as Record<string, number>;
      for (const d of defs) {
        const value = values[d.key];
        if (value !== undefined) out.push(point(d.name, base, [d.entityLabel!, entity.key], value, s.ts));
      }
    }
  }
  return out;
}

/** A batch of points as series: one per label set, its samples in time order. */
export function toSeries(points: readonly Point[]): Series[] {
  const groups = new Map<string, Series>();
  for (const p of points) {
    let s = groups.get(p.key);
    if (!s) groups.set(p.key, (s = { labels: p.labels, samples: [] }));
    s.samples.push({ value: p.value, ts: p.ts });
  }
  for (const s of groups.values()) s.samples.sort((a, b) => a.ts - b.ts);
  return [...groups.values()];
}
