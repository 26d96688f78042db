import type { z } from 'zod';
import { UNITS } from '@/lib/metrics/registry';
import { describeIssues } from '@/lib/wire/contract';
import { formatValue } from './format-value';
import { ruleInputSchema, type MetricCondition } from './schemas';
import { isFamilySignal, signalByName, SIGNAL_NAMES, type Signal } from './signals';

/**
 * A rule as typed into the editor or the API, checked against the schema
 * and then against the registry: a known signal, entities only where the
 * signal has them, thresholds inside the unit's physical range and on the
 * side where they can ever be crossed, hysteresis on the resolving side.
 * Each error names its field in words a person acts on. Pure: the browser
 * editor runs the same checks.
 */

export type ParsedRule = z.output<typeof ruleInputSchema>;
export interface RuleError {
  path: string;
  message: string;
}
export type RuleCheck = { ok: true; rule: ParsedRule } | { ok: false; errors: RuleError[] };

export interface KnownIds {
  channelIds: ReadonlySet<string>;
  /** When given, a host scope must name one of these. */
  hostIds?: ReadonlySet<string>;
}

// The host tag format of lib/accounts/schemas.ts (a test keeps the two in step): a scope can only match tags a host can have.
const TAG = /^[\p{L}\p{N}_.:/=-]+$/u;
const MAX_TAG = 40;
const MINUTE = 60_000;
const SUGGESTIONS = 5;

/** Edit distance, for "did you mean": the known names closest to a typo come first. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

export function closestSignals(name: string, count = SUGGESTIONS): string[] {
  return [...SIGNAL_NAMES].sort((x, y) => distance(name, x) - distance(name, y) || (x < y ? -1 : 1)).slice(0, count);
}

function rangeText(signal: Signal): string {
  const { min, max } = UNITS[signal.unit];
  return `${formatValue(signal, min)} to ${formatValue(signal, max)}`;
}

function checkMetric(c: MetricCondition, errors: RuleError[]): void {
  const signal = signalByName(c.signal);
  if (!signal) {
    const shown = JSON.stringify(c.signal.slice(0, 64));
    errors.push({ path: 'condition.signal', message: `unknown signal ${shown}; known: ${closestSignals(c.signal).join(', ')}, …` });
    return;
  }
  if (c.entity !== undefined && !isFamilySignal(signal)) {
    errors.push({ path: 'condition.entity', message: `${signal.name} (${signal.label}) is one value per host; only per-entity signals such as fs take an entity` });
  }
  if (c.entityPattern !== undefined) {
    if (!isFamilySignal(signal)) errors.push({ path: 'condition.entityPattern', message: `${signal.name} (${signal.label}) is one value per host; only per-entity signals take a name pattern` });
    if (c.entity !== undefined) errors.push({ path: 'condition.entityPattern', message: 'give either one entity or a name pattern, not both' });
  }
  const { min, max } = UNITS[signal.unit];
  const inRange = (path: string, v: number) => {
    if (v < min || v > max) errors.push({ path, message: `must be within ${signal.label}'s range, ${rangeText(signal)}` });
    return v >= min && v <= max;
  };
  const thresholdOk = inRange('condition.threshold', c.threshold);
  if (thresholdOk && c.op === 'above' && c.threshold >= max) {
    errors.push({ path: 'condition.threshold', message: `${signal.label} is never above ${formatValue(signal, max)}, so this rule could never fire` });
  }
  if (thresholdOk && c.op === 'below' && c.threshold <= min) {
    errors.push({ path: 'condition.threshold', message: `${signal.label} is never below ${formatValue(signal, min)}, so this rule could never fire` });
  }
  if (c.clear !== undefined && inRange('condition.clear', c.clear)) {
    if (c.op === 'above' && c.clear > c.threshold) {
      errors.push({ path: 'condition.clear', message: `must not be above the threshold (${formatValue(signal, c.threshold)}): an "above" alert resolves once the value falls to it` });
    }
    if (c.op === 'below' && c.clear < c.threshold) {
      errors.push({ path: 'condition.clear', message: `must not be below the threshold (${formatValue(signal, c.threshold)}): a "below" alert resolves once the value rises to it` });
    }
  }
  if (c.windowMs % MINUTE !== 0) errors.push({ path: 'condition.windowMs', message: 'must be a whole number of minutes (60000 ms each)' });
}

export function checkRule(input: unknown, known: KnownIds): RuleCheck {
  const parsed = ruleInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error) };
  const rule = parsed.data;
  const errors: RuleError[] = [];
  const c = rule.condition;
  if (c.kind === 'metric') checkMetric(c, errors);
  if ((c.kind === 'host_down' || c.kind === 'dropping') && rule.forMs > 0) {
    const why = c.kind === 'host_down' ? 'a host is down once no batch arrived for afterMs: set how long there' : 'dropped samples are reported once per batch: the alert fires on that batch';
    errors.push({ path: 'forMs', message: `does not apply here (${why}); leave it at 0` });
  }
  if (c.kind === 'process_missing' && c.pattern.trim() === '') errors.push({ path: 'condition.pattern', message: 'must not be only spaces' });
  const seen = new Set<string>();
  rule.channelIds.forEach((id, i) => {
    if (seen.has(id)) errors.push({ path: `channelIds.${i}`, message: `channel "${id}" is listed twice` });
    else if (!known.channelIds.has(id)) errors.push({ path: `channelIds.${i}`, message: `unknown channel "${id}"` });
    seen.add(id);
  });
  const scope = rule.scope;
  if (scope.kind === 'tag' && (scope.tag.length > MAX_TAG || !TAG.test(scope.tag))) {
    errors.push({ path: 'scope.tag', message: `a tag has at most ${MAX_TAG} characters: letters, digits and _ . : / = - only` });
  }
  if (scope.kind === 'host' && known.hostIds && !known.hostIds.has(scope.hostId)) {
    errors.push({ path: 'scope.hostId', message: `unknown host "${scope.hostId}"` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rule };
}
