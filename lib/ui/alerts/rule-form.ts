import { checkRule, type KnownIds, type RuleError } from '@/lib/alerts/rules';
import type { AlertRule, Condition, RuleInput, Scope, Severity } from '@/lib/alerts/schemas';
import { signalByName } from '@/lib/alerts/signals';
import type { Unit } from '@/lib/metrics/registry';

/**
 * The rule editor's form: what the inputs hold (text, in minutes, seconds
 * and display units), turned into a rule input for the API and checked in
 * the browser with the same checkRule the server runs, so a mistake is
 * named beside its field before anything is sent. Pure.
 */

export type ConditionKind = Condition['kind'];

export interface RuleForm {
  name: string;
  enabled: boolean;
  kind: ConditionKind;
  signal: string;
  /** Family signals: every entity, one, or those whose name matches a pattern (`entity` holds it). */
  entityMode: 'any' | 'one' | 'pattern';
  entity: string;
  op: 'above' | 'below';
  threshold: string;
  /** Empty: resolve at the threshold. */
  clear: string;
  /** Multiplier of the threshold inputs for byte and rate signals (1024 = KiB). */
  scale: number;
  aggregate: 'avg' | 'max' | 'min';
  windowMin: string;
  afterMin: string;
  pattern: string;
  skewSec: string;
  forMin: string;
  severity: Severity;
  scopeKind: Scope['kind'];
  tag: string;
  hostId: string;
  channelIds: string[];
  repeat: boolean;
  repeatMin: string;
}

export const CONDITION_KINDS: { kind: ConditionKind; label: string }[] = [
  { kind: 'metric', label: 'A metric crosses a threshold' },
  { kind: 'host_down', label: 'Host stops reporting' },
  { kind: 'process_missing', label: 'A process is not running' },
  { kind: 'dropping', label: 'Collector drops samples' },
  { kind: 'clock_skew', label: 'Clock is off' },
];

export const EMPTY_FORM: RuleForm = {
  name: '',
  enabled: true,
  kind: 'metric',
  signal: 'cpu.total',
  entityMode: 'any',
  entity: '',
  op: 'above',
  threshold: '90',
  clear: '',
  scale: 1,
  aggregate: 'avg',
  windowMin: '5',
  afterMin: '5',
  pattern: '',
  skewSec: '30',
  forMin: '5',
  severity: 'warning',
  scopeKind: 'all',
  tag: '',
  hostId: '',
  channelIds: [],
  repeat: false,
  repeatMin: '60',
};

const MINUTE = 60_000;
const KI = 1024;
const BYTE_SCALES = [
  ['B', 1],
  ['KiB', KI],
  ['MiB', KI ** 2],
  ['GiB', KI ** 3],
  ['TiB', KI ** 4],
] as const;

/** The display units a threshold of this unit can be typed in, with their multipliers. */
export function thresholdUnits(unit: Unit): { label: string; scale: number }[] {
  switch (unit) {
    case 'pct':
      return [{ label: '%', scale: 1 }];
    case 'celsius':
      return [{ label: '°C', scale: 1 }];
    case 'number':
      return [{ label: '', scale: 1 }];
    case 'bytes':
      return BYTE_SCALES.map(([label, scale]) => ({ label, scale }));
    case 'rate':
      return BYTE_SCALES.map(([label, scale]) => ({ label: `${label}/s`, scale }));
  }
}

/** The largest display unit in which both values are at least 1 (so 1.5 GiB shows as "1.5" GiB). */
function scaleFor(unit: Unit, values: number[]): number {
  const units = thresholdUnits(unit);
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return 1;
  const smallest = Math.min(...positive);
  return [...units].reverse().find((u) => smallest / u.scale >= 1)?.scale ?? 1;
}

/** A number as the input shows it: no float noise ("0.1 + 0.2"). */
const show = (n: number) => String(Number(n.toPrecision(12)));

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function formFromRule(rule: AlertRule): RuleForm {
  const f: RuleForm = {
    ...EMPTY_FORM,
    name: rule.name,
    enabled: rule.enabled,
    kind: rule.condition.kind,
    forMin: show(rule.forMs / MINUTE),
    severity: rule.severity,
    scopeKind: rule.scope.kind,
    tag: rule.scope.kind === 'tag' ? rule.scope.tag : '',
    hostId: rule.scope.kind === 'host' ? rule.scope.hostId : '',
    channelIds: [...rule.channelIds],
    repeat: rule.repeatMs !== null,
    repeatMin: rule.repeatMs === null ? EMPTY_FORM.repeatMin : show(rule.repeatMs / MINUTE),
  };
  const c = rule.condition;
  switch (c.kind) {
    case 'metric': {
      const unit = signalByName(c.signal)?.unit ?? 'number';
      const scale = scaleFor(unit, c.clear === undefined ? [c.threshold] : [c.threshold, c.clear]);
      return {
        ...f,
        signal: c.signal,
        entityMode: c.entity !== undefined ? 'one' : c.entityPattern !== undefined ? 'pattern' : 'any',
        entity: c.entity ?? c.entityPattern ?? '',
        op: c.op,
        scale,
        threshold: show(c.threshold / scale),
        clear: c.clear === undefined ? '' : show(c.clear / scale),
        aggregate: c.aggregate,
        windowMin: show(c.windowMs / MINUTE),
      };
    }
    case 'host_down':
      return { ...f, afterMin: show(c.afterMs / MINUTE) };
    case 'process_missing':
      return { ...f, pattern: c.pattern };
    case 'clock_skew':
      return { ...f, skewSec: show(c.maxMs / 1000) };
    case 'dropping':
      return f;
  }
}

export type FieldErrors = Record<string, string>;

/**
 * The form as a rule input. Text that is no number becomes an error on its
 * field (and NaN in the input, which the schema also refuses); durations
 * become whole milliseconds.
 */
export function ruleFromForm(form: RuleForm): { input: RuleInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const num = (path: string, text: string, factor = 1): number => {
    const n = parseNumber(text);
    if (n === null) {
      errors[path] = 'enter a number';
      return Number.NaN;
    }
    return Math.round(n * factor * 1000) / 1000;
  };
  const ms = (path: string, text: string, unitMs: number) => {
    const n = num(path, text, unitMs);
    return Number.isNaN(n) ? n : Math.round(n);
  };
  let condition: Condition;
  switch (form.kind) {
    case 'metric': {
      const clear = form.clear.trim() === '' ? undefined : num('condition.clear', form.clear, form.scale);
      condition = {
        kind: 'metric',
        signal: form.signal,
        ...(form.entityMode === 'one' && form.entity.trim() !== '' ? { entity: form.entity.trim() } : {}),
        ...(form.entityMode === 'pattern' && form.entity.trim() !== '' ? { entityPattern: form.entity.trim() } : {}),
        op: form.op,
        threshold: num('condition.threshold', form.threshold, form.scale),
        ...(clear === undefined ? {} : { clear }),
        aggregate: form.aggregate,
        windowMs: ms('condition.windowMs', form.windowMin, MINUTE),
      };
      if (form.entityMode === 'one' && form.entity.trim() === '') errors['condition.entity'] = 'name the entity, or choose any';
      if (form.entityMode === 'pattern' && form.entity.trim() === '') errors['condition.entity'] = 'give a name pattern (web-*), or choose any';
      break;
    }
    case 'host_down':
      condition = { kind: 'host_down', afterMs: ms('condition.afterMs', form.afterMin, MINUTE) };
      break;
    case 'process_missing':
      condition = { kind: 'process_missing', pattern: form.pattern };
      break;
    case 'dropping':
      condition = { kind: 'dropping' };
      break;
    case 'clock_skew':
      condition = { kind: 'clock_skew', maxMs: ms('condition.maxMs', form.skewSec, 1000) };
      break;
  }
  const scope: Scope = form.scopeKind === 'tag' ? { kind: 'tag', tag: form.tag.trim() } : form.scopeKind === 'host' ? { kind: 'host', hostId: form.hostId } : { kind: 'all' };
  const noFor = form.kind === 'host_down' || form.kind === 'dropping';
  const input: RuleInput = {
    name: form.name,
    enabled: form.enabled,
    condition,
    forMs: noFor ? 0 : ms('forMs', form.forMin, MINUTE),
    severity: form.severity,
    scope,
    channelIds: form.channelIds,
    repeatMs: form.repeat ? ms('repeatMs', form.repeatMin, MINUTE) : null,
  };
  return { input, errors };
}

/** Which form field an error path belongs to: `channelIds.2` is the channel list's. */
export function fieldOf(path: string): string {
  const p = path.startsWith('rule.') ? path.slice('rule.'.length) : path;
  if (p.startsWith('channelIds')) return 'channelIds';
  if (p === 'scope' || p.startsWith('scope.')) return p === 'scope.tag' || p === 'scope.hostId' ? p : 'scope';
  return p;
}

/** Errors by field, the first message of each (the API's 400 details or checkRule's). */
export function errorsByField(errors: readonly RuleError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const f = fieldOf(e.path);
    if (!(f in out)) out[f] = e.message;
  }
  return out;
}

/** A 400 answer's `details` as errors, when they have the {path, message} shape. */
export function detailsOf(details: unknown): RuleError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) =>
    d && typeof d === 'object' && typeof (d as RuleError).path === 'string' && typeof (d as RuleError).message === 'string'
      ? [{ path: (d as RuleError).path, message: (d as RuleError).message }]
      : [],
  );
}

export type FormCheck = { ok: true; rule: RuleInput } | { ok: false; errors: FieldErrors; input: RuleInput };

/** Stand-ins for fields the schema refused, so the registry's checks of the others can run too. */
const STAND_IN: Record<string, unknown> = { name: 'rule', forMs: 0, repeatMs: null, severity: 'warning', channelIds: [], enabled: true, 'condition.windowMs': 0, 'condition.aggregate': 'avg', 'condition.afterMs': MINUTE, 'condition.maxMs': 1_000, 'condition.pattern': 'x' };

function withStandIns(input: RuleInput, paths: readonly string[]): RuleInput | null {
  const out = { ...input, condition: { ...input.condition } } as Record<string, unknown> & { condition: Record<string, unknown> };
  for (const p of paths) {
    if (!(p in STAND_IN)) return null;
    if (p.startsWith('condition.')) out.condition[p.slice('condition.'.length)] = STAND_IN[p];
    else out[p] = STAND_IN[p];
  }
  return out as unknown as RuleInput;
}

/**
 * The form checked as the server will check it, errors keyed by field.
 * checkRule stops at the schema's refusals; the registry's checks (range,
 * channels, tags) are then run with stand-ins for the refused fields, so
 * every mistake shows at once, not one round after another.
 */
export function checkForm(form: RuleForm, known: KnownIds): FormCheck {
  const { input, errors } = ruleFromForm(form);
  const checked = checkRule(input, known);
  if (checked.ok && Object.keys(errors).length === 0) return { ok: true, rule: input };
  const first = checked.ok ? {} : errorsByField(checked.errors);
  const refused = checked.ok ? [] : checked.errors.map((e) => e.path);
  const repaired = refused.length > 0 ? withStandIns(input, refused) : null;
  const second = repaired ? checkRule(repaired, known) : null;
  const more = second && !second.ok ? errorsByField(second.errors.filter((e) => !refused.includes(e.path))) : {};
  // A field that is no number is named once, in the form's words.
  return { ok: false, errors: { ...more, ...first, ...errors }, input };
}
