import { FAMILIES, type FamilyName } from '@/lib/metrics/registry';
import type { Sample } from '@/lib/wire/contract';
import type { FamilySignal } from './signal-types';

/**
 * A per-entity signal read from the latest sample's list of a family (containers, services, drives,
 * batteries): states such as "stopped" or "failed" as 0/1, or counts. These states are kept in the
 * latest sample only, so such a signal has no history to preview; an entity whose value is undefined
 * is not judged. Pure.
 */
export function latestStateSignal<T>(spec: {
  name: string;
  label: string;
  metricLabel: string;
  family: FamilyName;
  list: (s: Sample) => readonly T[] | undefined;
  entity: (t: T) => string;
  value: (t: T) => number | undefined;
  unit?: 'number' | 'pct';
  suffix?: string;
  /** Why history cannot rebuild it, shown where a preview would be. */
  reason: string;
}): FamilySignal {
  return {
    name: spec.name,
    label: spec.label,
    metricLabel: spec.metricLabel,
    unit: spec.unit ?? 'number',
    ...(spec.suffix ? { suffix: spec.suffix } : {}),
    group: FAMILIES[spec.family].group,
    family: spec.family,
    entityKind: FAMILIES[spec.family].entity,
    entities: (s) =>
      (spec.list(s) ?? []).flatMap((t) => {
        const v = spec.value(t);
        return v === undefined ? [] : [{ entity: spec.entity(t), value: v }];
      }),
    history: { kind: 'none', reason: spec.reason },
  };
}
