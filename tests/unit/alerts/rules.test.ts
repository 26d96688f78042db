import { describe, expect, it } from 'vitest';
import { updateHostSchema } from '@/lib/accounts/schemas';
import { checkRule, closestSignals } from '@/lib/alerts/rules';

const known = { channelIds: new Set(['slack', 'mail']) };
const metric = (c: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  name: 'Disk full',
  condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 90, ...c },
  ...rest,
});
const errorsOf = (input: unknown, k: Parameters<typeof checkRule>[1] = known) => {
  const r = checkRule(input, k);
  return r.ok ? [] : r.errors;
};

describe('checkRule', () => {
  it('accepts a good rule and fills the defaults', () => {
    const r = checkRule(metric({ clear: 85, windowMs: 300_000 }, { channelIds: ['slack'], scope: { kind: 'tag', tag: 'env=prod' } }), known);
    expect(r).toMatchObject({ ok: true, rule: { enabled: true, forMs: 0, severity: 'warning', repeatMs: null, condition: { aggregate: 'avg', clear: 85 } } });
  });

  it('reports schema errors with their path', () => {
    expect(errorsOf({ name: '', condition: { kind: 'metric', signal: 'cpu.total', op: 'sideways', threshold: 1 } }).map((e) => e.path).sort()).toEqual(['condition.op', 'name']);
    expect(errorsOf({ name: 'x', condition: { kind: 'host_down', afterMs: 1000 } })[0]).toMatchObject({ path: 'condition.afterMs', message: 'must be at least 1 minute' });
  });

  it('names an unknown signal with the closest known ones', () => {
    const [e] = errorsOf(metric({ signal: 'cpu.totl' }));
    expect(e!.path).toBe('condition.signal');
    expect(e!.message).toMatch(/^unknown signal "cpu\.totl"; known: cpu\.total, /);
    expect(closestSignals('mem.usedpct')[0]).toBe('mem.used_pct');
  });

  it('refuses an entity on a signal without entities', () => {
    const [e] = errorsOf(metric({ signal: 'cpu.total', entity: '/var' }));
    expect(e).toMatchObject({ path: 'condition.entity' });
    expect(e!.message).toContain('one value per host');
    expect(errorsOf(metric({ entity: '/var' }))).toEqual([]);
  });

  it('keeps thresholds and clear inside the unit range and where they can be crossed', () => {
    expect(errorsOf(metric({ threshold: 120 }))[0]).toMatchObject({ path: 'condition.threshold', message: "must be within Filesystem used's range, 0 % to 100 %" });
    expect(errorsOf(metric({ threshold: 100 }))[0]!.message).toContain('never above 100 %, so this rule could never fire');
    expect(errorsOf(metric({ op: 'below', threshold: 0 }))[0]!.message).toContain('never below 0 %');
    expect(errorsOf(metric({ signal: 'temp.max', threshold: -150 }))[0]!.message).toContain('-100 °C to 200 °C');
    expect(errorsOf(metric({ signal: 'temp.max', op: 'below', threshold: -10 }))).toEqual([]);
    expect(errorsOf(metric({ clear: -1 }))[0]).toMatchObject({ path: 'condition.clear' });
  });

  it('puts clear on the resolving side of the threshold', () => {
    expect(errorsOf(metric({ clear: 95 }))[0]).toMatchObject({ path: 'condition.clear' });
    expect(errorsOf(metric({ clear: 95 }))[0]!.message).toContain('must not be above the threshold (90 %)');
    expect(errorsOf(metric({ op: 'below', threshold: 10, clear: 5 }))[0]!.message).toContain('must not be below the threshold (10 %)');
    expect(errorsOf(metric({ op: 'below', threshold: 10, clear: 15 }))).toEqual([]);
    expect(errorsOf(metric({ clear: 90 }))).toEqual([]);
  });

  it('windows are whole minutes', () => {
    expect(errorsOf(metric({ windowMs: 90_000 }))[0]).toMatchObject({ path: 'condition.windowMs', message: 'must be a whole number of minutes (60000 ms each)' });
  });

  it('channels must exist, once each; a host scope must name a known host when hosts are given', () => {
    const errs = errorsOf(metric({}, { channelIds: ['slack', 'nope', 'slack'] }));
    expect(errs).toEqual([
      { path: 'channelIds.1', message: 'unknown channel "nope"' },
      { path: 'channelIds.2', message: 'channel "slack" is listed twice' },
    ]);
    expect(errorsOf(metric({}, { scope: { kind: 'host', hostId: 'h9' } }), { ...known, hostIds: new Set(['h1']) })[0]).toMatchObject({ path: 'scope.hostId' });
    expect(errorsOf(metric({}, { scope: { kind: 'host', hostId: 'h9' } }))).toEqual([]);
  });

  it('scope tags follow the host tag format (the same one lib/accounts accepts)', () => {
    for (const tag of ['prod', 'env=prod', 'rack/3:a', 'web server', 'a'.repeat(41), 'ok;drop']) {
      const hostAccepts = updateHostSchema.safeParse({ name: 'h', tags: [tag], disabled: false }).success;
      expect(errorsOf(metric({}, { scope: { kind: 'tag', tag } })).length === 0, tag).toBe(hostAccepts);
    }
  });

  it('forMs does not apply to host down or dropping, and a pattern of spaces matches nothing useful', () => {
    expect(errorsOf({ name: 'x', condition: { kind: 'host_down', afterMs: 300_000 }, forMs: 60_000 })[0]).toMatchObject({ path: 'forMs' });
    expect(errorsOf({ name: 'x', condition: { kind: 'dropping' }, forMs: 60_000 })[0]).toMatchObject({ path: 'forMs' });
    expect(errorsOf({ name: 'x', condition: { kind: 'clock_skew', maxMs: 5_000 }, forMs: 60_000 })).toEqual([]);
    expect(errorsOf({ name: 'x', condition: { kind: 'process_missing', pattern: '   ' } })[0]).toMatchObject({ path: 'condition.pattern' });
  });

  it('a hostile input gets errors, never a throw', () => {
    for (const input of [null, 'rule', 42, [], { name: 'x', condition: null }, { name: 'x', condition: { kind: 'metric', signal: 'x'.repeat(10_000) } }]) {
      expect(checkRule(input, known).ok).toBe(false);
    }
  });
});
