import 'server-only';
import { backtestUnavailable, SIGNALS } from '@/lib/alerts/signals';
import { UNITS, type Group, type Unit } from '@/lib/metrics/registry';

/**
 * What a metric condition can watch, for the rule editor: every signal of
 * lib/alerts/signals.ts with its unit's physical range (a threshold outside
 * it is refused), and whether a preview can rebuild it from history.
 */

export interface SignalView {
  name: string;
  label: string;
  unit: Unit;
  group: Group;
  /** Per-entity signals: the registry family (`filesystems`) and what one entity is (`filesystem`). */
  family?: string;
  entityKind?: string;
  /** Written after a value when the unit does not say what is counted ("errors/s"). */
  suffix?: string;
  min: number;
  max: number;
  /** Why a preview cannot judge it on stored history; absent when it can (load per core needs the host's CPU count). */
  previewUnavailable?: string;
}

export function listSignals(): { signals: SignalView[] } {
  return {
    signals: SIGNALS.map((s) => {
      const reason = backtestUnavailable(s, { cores: 1 });
      return {
        name: s.name,
        label: s.label,
        unit: s.unit,
        group: s.group,
        ...(s.family !== undefined ? { family: s.family, entityKind: s.entityKind } : {}),
        ...(s.suffix ? { suffix: s.suffix } : {}),
        min: UNITS[s.unit].min,
        max: UNITS[s.unit].max,
        ...(reason ? { previewUnavailable: reason } : {}),
      };
    }),
  };
}
