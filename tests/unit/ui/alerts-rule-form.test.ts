import { describe, expect, it } from 'vitest';
import { ruleSchema, type AlertRule } from '@/lib/alerts/schemas';
import { checkForm, detailsOf, EMPTY_FORM, errorsByField, fieldOf, formFromRule, ruleFromForm, thresholdUnits, type RuleForm } from '@/lib/ui/alerts/rule-form';

const known = { channelIds: new Set(['ch1']), hostIds: new Set(['h1']) };
const stored = (input: Record<string, unknown>): AlertRule => ruleSchema.parse({ id: 'r1', createdAt: 1, updatedAt: 1, name: 'Rule', ...input });
const form = (patch: Partial<RuleForm>): RuleForm => ({ ...EMPTY_FORM, name: 'High CPU', ...patch });

describe('the rule editor form', () => {
  it('turns minutes, seconds and display units into the API rule input', () => {
    const { input, errors } = ruleFromForm(
      form({ signal: 'mem.used', threshold: '1.5', clear: '1', scale: 1024 ** 3, windowMin: '10', forMin: '0.5', repeat: true, repeatMin: '30', scopeKind: 'tag', tag: ' web ', channelIds: ['ch1'], severity: 'critical' }),
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      name: 'High CPU',
      enabled: true,
      condition: { kind: 'metric', signal: 'mem.used', op: 'above', threshold: 1.5 * 1024 ** 3, clear: 1024 ** 3, aggregate: 'avg', windowMs: 600_000 },
      forMs: 30_000,
      severity: 'critical',
      scope: { kind: 'tag', tag: 'web' },
      channelIds: ['ch1'],
      repeatMs: 1_800_000,
    });
    expect(checkForm(form({ signal: 'mem.used', threshold: '1.5', scale: 1024 ** 3 }), known).ok).toBe(true);
  });

  it('reads a stored rule back into the same form (largest unit the values fill)', () => {
    const rule = stored({
      condition: { kind: 'metric', signal: 'net.rx', op: 'above', threshold: 10 * 1024 ** 2, clear: 5 * 1024 ** 2, windowMs: 300_000, aggregate: 'max' },
      forMs: 120_000,
      scope: { kind: 'host', hostId: 'h1' },
      repeatMs: 3_600_000,
      enabled: false,
    });
    const f = formFromRule(rule);
    expect(f).toMatchObject({ signal: 'net.rx', scale: 1024 ** 2, threshold: '10', clear: '5', windowMin: '5', aggregate: 'max', forMin: '2', scopeKind: 'host', hostId: 'h1', repeat: true, repeatMin: '60', enabled: false });
    const back = ruleFromForm(f).input;
    expect(ruleSchema.parse({ ...back, id: 'r1', createdAt: 1, updatedAt: 1 })).toEqual(rule);
  });

  it('keeps an entity name pattern through the form, and asks for one when it is empty', () => {
    const rule = stored({ condition: { kind: 'metric', signal: 'ctr.stopped', entityPattern: 'web-*', op: 'above', threshold: 0.5 } });
    const f = formFromRule(rule);
    expect(f).toMatchObject({ entityMode: 'pattern', entity: 'web-*' });
    expect(ruleFromForm(f).input.condition).toMatchObject({ entityPattern: 'web-*' });
    expect(ruleFromForm(f).input.condition).not.toHaveProperty('entity');
    expect(ruleFromForm({ ...f, entity: ' ' }).errors['condition.entity']).toMatch(/pattern/);
  });

  it('round-trips the other condition kinds, with no for-duration where it does not apply', () => {
    for (const condition of [
      { kind: 'host_down', afterMs: 300_000 },
      { kind: 'process_missing', pattern: 'nginx' },
      { kind: 'clock_skew', maxMs: 45_000 },
      { kind: 'dropping' },
    ] as const) {
      const rule = stored({ condition, forMs: condition.kind === 'host_down' || condition.kind === 'dropping' ? 0 : 60_000 });
      const input = ruleFromForm(formFromRule(rule)).input;
      expect(input.condition).toEqual(condition);
      expect(input.forMs).toBe(rule.forMs);
      expect(checkForm(formFromRule(rule), known)).toMatchObject({ ok: true });
    }
    // A host-down rule never sends the for-duration typed before switching kinds.
    expect(ruleFromForm(form({ kind: 'host_down', forMin: '5' })).input.forMs).toBe(0);
  });

  it('names each wrong field as the server would, in the form\'s words for text that is no number', () => {
    const check = checkForm(
      form({ name: ' ', threshold: '150', clear: '95', windowMin: 'ten', repeat: true, repeatMin: '2', channelIds: ['gone'], scopeKind: 'tag', tag: 'no spaces' }),
      known,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['channelIds', 'condition.threshold', 'condition.windowMs', 'name', 'repeatMs', 'scope.tag']);
    expect(check.errors['condition.windowMs']).toBe('enter a number');
    expect(check.errors['condition.threshold']).toContain('0 % to 100 %');
    expect(check.errors['repeatMs']).toContain('5 minutes');
    expect(check.errors.channelIds).toContain('gone');
  });

  it('refuses hysteresis on the firing side, an unknown host and an empty entity', () => {
    const clear = checkForm(form({ threshold: '80', clear: '90' }), known);
    expect(!clear.ok && clear.errors['condition.clear']).toContain('must not be above the threshold');
    const host = checkForm(form({ scopeKind: 'host', hostId: 'elsewhere' }), known);
    expect(!host.ok && host.errors['scope.hostId']).toContain('unknown host');
    const entity = checkForm(form({ signal: 'fs', entityMode: 'one', entity: '  ' }), known);
    expect(!entity.ok && entity.errors['condition.entity']).toBeTruthy();
    expect(ruleFromForm(form({ signal: 'fs', entityMode: 'one', entity: ' /var ' })).input.condition).toMatchObject({ entity: '/var' });
    expect(ruleFromForm(form({ signal: 'fs', entityMode: 'any', entity: '/var' })).input.condition).not.toHaveProperty('entity');
  });

  it('maps the API 400 details onto fields and ignores what is not a {path, message}', () => {
    const details = detailsOf([
      { path: 'condition.signal', message: 'unknown signal' },
      { path: 'rule.condition.threshold', message: 'out of range' },
      { path: 'channelIds.3', message: 'unknown channel' },
      { path: 'channelIds.4', message: 'second one' },
      'junk',
      { path: 5, message: 'no' },
    ]);
    expect(errorsByField(details)).toEqual({ 'condition.signal': 'unknown signal', 'condition.threshold': 'out of range', channelIds: 'unknown channel' });
    expect(detailsOf({ not: 'a list' })).toEqual([]);
    expect(fieldOf('scope')).toBe('scope');
    expect(fieldOf('scope.kind')).toBe('scope');
  });

  it('offers display units per unit kind', () => {
    expect(thresholdUnits('pct')).toEqual([{ label: '%', scale: 1 }]);
    expect(thresholdUnits('rate').map((u) => u.label)).toEqual(['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s']);
  });
});
