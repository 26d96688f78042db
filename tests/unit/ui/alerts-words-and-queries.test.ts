import { describe, expect, it } from 'vitest';
import { ruleSchema } from '@/lib/alerts/schemas';
import { eventsRequest, historySearch, parseHistoryQuery } from '@/lib/ui/alerts/history-query';
import { conditionText, ruleText, scopeText, suffixOf, thresholdText, unitOfCondition } from '@/lib/ui/alerts/rule-words';
import { fromLocalInput, parseUtcTime, scheduleFromForm, scheduleText, toLocalInput } from '@/lib/ui/alerts/schedule';
import { firingByHost, firingCount, firingText, isSilenced, sortAlerts } from '@/lib/ui/alerts/summary';
import { valueText } from '@/lib/ui/alerts/values';

const MIN = 60_000;

describe('rules in words', () => {
  it('writes conditions, thresholds and scopes as the list shows them', () => {
    const rule = ruleSchema.parse({
      id: 'r', createdAt: 1, updatedAt: 1, name: 'x', forMs: 5 * MIN,
      condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90, clear: 80, windowMs: 10 * MIN, aggregate: 'max' },
    });
    expect(ruleText(rule)).toBe('CPU above 90 % (highest over 10 min), clears at 80 % for 5 min');
    expect(conditionText({ kind: 'metric', signal: 'fs', entity: '/var', op: 'above', threshold: 95, aggregate: 'avg', windowMs: 0 })).toBe('Filesystem used on /var above 95 %');
    expect(conditionText({ kind: 'metric', signal: 'fs', op: 'above', threshold: 95, aggregate: 'avg', windowMs: 0 })).toBe('Filesystem used on any filesystem above 95 %');
    expect(conditionText({ kind: 'host_down', afterMs: 5 * MIN })).toBe('No report for 5 min');
    expect(conditionText({ kind: 'process_missing', pattern: 'nginx' })).toBe('No process matches "nginx"');
    expect(conditionText({ kind: 'clock_skew', maxMs: 30_000 })).toBe('Clock off by more than 30 s');
    expect(thresholdText({ kind: 'metric', signal: 'net.rx', op: 'below', threshold: 1024, aggregate: 'avg', windowMs: 0 })).toBe('below 1 KiB/s');
    expect(thresholdText({ kind: 'dropping' })).toBeNull();
    expect(scopeText({ kind: 'all' }, () => undefined)).toBe('All hosts');
    expect(scopeText({ kind: 'tag', tag: 'web' }, () => undefined)).toBe('Hosts tagged web');
    expect(scopeText({ kind: 'host', hostId: 'h1' }, (id) => (id === 'h1' ? 'db-1' : undefined))).toBe('Host db-1');
    expect(scopeText({ kind: 'host', hostId: 'gone' }, () => undefined)).toBe('Host gone');
  });

  it('knows the unit and suffix of a condition\'s values, as the alert list gives them', () => {
    expect(unitOfCondition({ kind: 'metric', signal: 'mem.used', op: 'above', threshold: 1, aggregate: 'avg', windowMs: 0 })).toBe('bytes');
    expect(unitOfCondition({ kind: 'host_down', afterMs: MIN })).toBe('ms');
    expect(unitOfCondition({ kind: 'process_missing', pattern: 'x' })).toBeNull();
    expect(suffixOf({ kind: 'metric', signal: 'net.errors', op: 'above', threshold: 1, aggregate: 'avg', windowMs: 0 })).toBe('errors/s');
  });
});

describe('values', () => {
  it('writes each condition kind\'s value in its own words', () => {
    expect(valueText(93.14, 'pct')).toBe('93.1 %');
    expect(valueText(1536, 'rate')).toBe('1.5 KiB/s');
    expect(valueText(3, 'number', 'metric', 'errors/s')).toBe('3 errors/s');
    expect(valueText(125_000, 'ms')).toBe('2 min 5 s');
    expect(valueText(125_000, 'ms', 'host_down')).toBe('silent 2 min 5 s');
    expect(valueText(-40_000, 'ms', 'clock_skew')).toBe('40 s ahead');
    expect(valueText(0, null, 'process_missing')).toBe('0 running');
    expect(valueText(12, null, 'dropping')).toBe('12 dropped');
    expect(valueText(null, 'pct')).toBe('—');
  });
});

describe('alert summaries', () => {
  const a = (hostId: string, status: 'firing' | 'pending', severity: 'warning' | 'critical', since = 0) => ({ hostId, status, severity, since, hostName: hostId, ruleName: 'r' });
  it('counts per host and keeps the worst severity firing', () => {
    const list = [a('h1', 'firing', 'warning'), a('h1', 'firing', 'critical'), a('h1', 'pending', 'critical'), a('h2', 'pending', 'warning'), a('h3', 'firing', 'warning')];
    expect(firingByHost(list)).toEqual({
      h1: { firing: 2, pending: 1, worst: 'critical' },
      h2: { firing: 0, pending: 1, worst: null },
      h3: { firing: 1, pending: 0, worst: 'warning' },
    });
    expect(firingCount(list)).toBe(3);
    expect(firingText(3)).toBe('3 alerts firing');
    expect(firingText(1)).toBe('1 alert firing');
    expect(firingText(0)).toBe('');
  });

  it('sorts firing first, critical first, oldest first', () => {
    const sorted = sortAlerts([a('p', 'pending', 'critical', 1), a('w', 'firing', 'warning', 1), a('c2', 'firing', 'critical', 5), a('c1', 'firing', 'critical', 2)]);
    expect(sorted.map((x) => x.hostId)).toEqual(['c1', 'c2', 'w', 'p']);
    expect(isSilenced({ silencedUntil: 10 }, 5)).toBe(true);
    expect(isSilenced({ silencedUntil: 10 }, 10)).toBe(false);
    expect(isSilenced({ silencedUntil: null }, 0)).toBe(false);
  });
});

describe('the history filter in the URL', () => {
  it('reads what it wrote, drops hostile values and defaults to the last 7 days', () => {
    const q = { hostId: 'h1', ruleId: 'r1', severity: 'critical' as const, range: '30d' as const, from: null, to: null };
    expect(parseHistoryQuery(new URLSearchParams(historySearch(q)))).toEqual(q);
    expect(historySearch(parseHistoryQuery({}))).toBe('');
    expect(parseHistoryQuery({ host: 'x'.repeat(65), severity: 'fatal', range: '1y' })).toMatchObject({ hostId: '', severity: '', range: '7d' });
    const custom = parseHistoryQuery({ range: 'custom', from: '1000', to: '2000' });
    expect(custom).toMatchObject({ range: 'custom', from: 1000, to: 2000 });
    expect(parseHistoryQuery({ range: 'custom', from: 'yesterday' }).range).toBe('7d');
  });

  it('asks the events API for the range, the start rounded to the minute so the key holds still', () => {
    const now = Date.UTC(2026, 0, 31, 12, 30, 42);
    const a = eventsRequest(parseHistoryQuery({ host: 'h1', range: '24h' }), now);
    const b = eventsRequest(parseHistoryQuery({ host: 'h1', range: '24h' }), now + 10_000);
    expect(a.url).toBe(b.url);
    expect(a.filter).toEqual({ hostId: 'h1', from: Date.UTC(2026, 0, 30, 12, 30), limit: 200 });
    expect(a.url).toBe(`/api/v1/alerts/events?hostId=h1&from=${Date.UTC(2026, 0, 30, 12, 30)}&limit=200`);
    expect(eventsRequest(parseHistoryQuery({ range: 'custom', from: '5', to: '9' }), now).filter).toEqual({ from: 5, to: 9, limit: 200 });
  });
});

describe('silence and window times', () => {
  it('reads datetime-local and UTC clock times, refusing malformed ones', () => {
    const ts = fromLocalInput('2026-03-01T14:05');
    expect(ts).not.toBeNull();
    expect(toLocalInput(ts!)).toBe('2026-03-01T14:05');
    expect(fromLocalInput('tomorrow')).toBeNull();
    expect(parseUtcTime('02:30')).toBe(150);
    expect(parseUtcTime('24:00')).toBeNull();
    expect(parseUtcTime('2:5')).toBeNull();
  });

  it('builds a schedule or names the field that is wrong', () => {
    expect(scheduleFromForm({ kind: 'daily', from: '', to: '', startUtc: '23:30', durationMin: '90' })).toEqual({ ok: true, schedule: { kind: 'daily', startMinute: 1410, durationMs: 90 * MIN } });
    expect(scheduleFromForm({ kind: 'daily', from: '', to: '', startUtc: '23:30', durationMin: '0' })).toMatchObject({ ok: false, field: 'durationMin' });
    expect(scheduleFromForm({ kind: 'once', from: '2026-03-01T10:00', to: '2026-03-01T09:00', startUtc: '', durationMin: '' })).toMatchObject({ ok: false, field: 'to' });
    expect(scheduleFromForm({ kind: 'once', from: '', to: '', startUtc: '', durationMin: '' })).toMatchObject({ ok: false, field: 'from' });
    expect(scheduleText({ kind: 'daily', startMinute: 1410, durationMs: 90 * MIN }, String)).toBe('every day 23:30–01:00 UTC (1 h 30 min)');
    expect(scheduleText({ kind: 'once', from: 1, to: 2 }, (t) => `t${t}`)).toBe('t1 – t2');
  });
});
