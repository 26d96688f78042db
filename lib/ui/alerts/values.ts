import type { Condition } from '@/lib/alerts/schemas';
import { FORMATTERS, formatDuration } from '@/lib/format';
import type { Unit } from '@/lib/metrics/registry';

/**
 * An alert's or event's value in words, as the dashboard writes numbers
 * everywhere ("93.1 %", "1.5 MiB/s"). Metric values carry their unit; the
 * other conditions' values mean different things (a silence in ms, a count,
 * a clock offset), so they need the condition kind. No signal table here:
 * the host page imports this, and `suffix` comes from the caller that has it.
 */

export type ConditionKind = Condition['kind'];

/** Clock offset as the server sees it: positive = the host's clock is behind. */
export function skewText(ms: number): string {
  return `${formatDuration(Math.abs(ms))} ${ms >= 0 ? 'behind' : 'ahead'}`;
}

export function valueText(value: number | null, unit: Unit | 'ms' | null, kind?: ConditionKind, suffix?: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (kind) {
    case 'host_down':
      return `silent ${formatDuration(value)}`;
    case 'process_missing':
      return `${value} running`;
    case 'dropping':
      return `${value} dropped`;
    case 'clock_skew':
      return skewText(value);
    default: {
      if (unit === 'ms') return formatDuration(value);
      if (unit === null) return String(value);
      const text = FORMATTERS[unit](value);
      return suffix ? `${text} ${suffix}` : text;
    }
  }
}
