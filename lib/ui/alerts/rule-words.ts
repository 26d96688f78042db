import { formatValue } from '@/lib/alerts/format-value';
import type { AlertRule, Condition, Scope } from '@/lib/alerts/schemas';
import { isFamilySignal, signalByName } from '@/lib/alerts/signals';
import { formatDuration } from '@/lib/format';
import type { Unit } from '@/lib/metrics/registry';

/**
 * A rule in words for the rules list and the editor's summary line:
 * "CPU above 90 % (average over 5 min) for 2 min", "hosts tagged web".
 * Pure; reads the signal table for labels and units.
 */

const AGGREGATE = { avg: 'average', max: 'highest', min: 'lowest' } as const;

export function conditionText(c: Condition): string {
  switch (c.kind) {
    case 'metric': {
      const signal = signalByName(c.signal);
      if (!signal) return `${c.signal} ${c.op} ${c.threshold}`;
      const fmt = (v: number) => formatValue(signal, v);
      const where = isFamilySignal(signal) ? (c.entity !== undefined ? ` on ${c.entity}` : c.entityPattern !== undefined ? ` on any ${signal.entityKind} matching ${c.entityPattern}` : ` on any ${signal.entityKind}`) : '';
      const over = c.windowMs > 0 ? ` (${AGGREGATE[c.aggregate]} over ${formatDuration(c.windowMs)})` : '';
      const clear = c.clear !== undefined && c.clear !== c.threshold ? `, clears at ${fmt(c.clear)}` : '';
      return `${signal.label}${where} ${c.op} ${fmt(c.threshold)}${over}${clear}`;
    }
    case 'host_down':
      return `No report for ${formatDuration(c.afterMs)}`;
    case 'process_missing':
      return `No process matches ${JSON.stringify(c.pattern)}`;
    case 'dropping':
      return 'Collector drops samples';
    case 'clock_skew':
      return `Clock off by more than ${formatDuration(c.maxMs)}`;
  }
}

/** The whole condition with its for-duration: "CPU above 90 % for 5 min". */
export function ruleText(rule: Pick<AlertRule, 'condition' | 'forMs'>): string {
  const base = conditionText(rule.condition);
  return rule.forMs > 0 ? `${base} for ${formatDuration(rule.forMs)}` : base;
}

export function scopeText(scope: Scope, hostName: (id: string) => string | undefined): string {
  switch (scope.kind) {
    case 'all':
      return 'All hosts';
    case 'tag':
      return `Hosts tagged ${scope.tag}`;
    case 'host':
      return `Host ${hostName(scope.hostId) ?? scope.hostId}`;
  }
}

/** The threshold side of an alert: "above 90 %", or null when the condition has none. */
export function thresholdText(c: Condition): string | null {
  if (c.kind !== 'metric') return null;
  const signal = signalByName(c.signal);
  return `${c.op} ${signal ? formatValue(signal, c.threshold) : c.threshold}`;
}

/** What a metric rule's values are counted in beyond the unit ("errors/s"), for valueText. */
export function suffixOf(c: Condition | undefined): string | undefined {
  return c?.kind === 'metric' ? signalByName(c.signal)?.suffix : undefined;
}

/** The unit a rule's values are in, as the alert list gives it: the signal's, `ms` for silences and clock offsets, null for counts. */
export function unitOfCondition(c: Condition | undefined): Unit | 'ms' | null {
  if (!c) return null;
  if (c.kind === 'metric') return signalByName(c.signal)?.unit ?? null;
  return c.kind === 'host_down' || c.kind === 'clock_skew' ? 'ms' : null;
}
