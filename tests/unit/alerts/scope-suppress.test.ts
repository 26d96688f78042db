import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import { inScope, rulesForHost, watchPatternsForHost } from '@/lib/alerts/scope';
import { suppressionFor, windowActive } from '@/lib/alerts/suppress';
import { MAX_WATCH_PATTERNS } from '@/lib/wire/contract';
import { cpuRule, HOST, MIN, rule } from './fixtures';

const DAY = 86_400_000;
const day = Date.UTC(2026, 0, 31);
const at = (h: number, m = 0) => day + h * 3_600_000 + m * MIN;

describe('scope', () => {
  it('all, tag and host', () => {
    expect(inScope({ kind: 'all' }, HOST)).toBe(true);
    expect(inScope({ kind: 'tag', tag: 'db' }, HOST)).toBe(true);
    expect(inScope({ kind: 'tag', tag: 'web' }, HOST)).toBe(false);
    expect(inScope({ kind: 'host', hostId: 'h1' }, HOST)).toBe(true);
    expect(inScope({ kind: 'host', hostId: 'h2' }, HOST)).toBe(false);
  });

  it('rulesForHost keeps enabled rules in scope, in order', () => {
    const rules = [
      cpuRule({}, { scope: { kind: 'tag', tag: 'prod' } }),
      { ...cpuRule(), id: 'off', enabled: false },
      { ...cpuRule({}, { scope: { kind: 'host', hostId: 'h2' } }), id: 'other' },
      { ...cpuRule(), id: 'all' },
    ];
    expect(rulesForHost(rules, HOST).map((r) => r.id)).toEqual(['r1', 'all']);
  });

  it('watch patterns: distinct, of enabled process rules in scope, oldest rule first, capped', () => {
    const proc = (id: string, pattern: string, createdAt: number, extra: Record<string, unknown> = {}) =>
      rule({ condition: { kind: 'process_missing', pattern }, createdAt, ...extra }, id);
    const rules = [
      proc('b', 'nginx', 2),
      proc('a', 'postgres', 1),
      proc('c', 'nginx', 3),
      proc('d', 'redis', 4, { enabled: false }),
      proc('e', 'cron', 5, { scope: { kind: 'tag', tag: 'elsewhere' } }),
      cpuRule(),
    ];
    expect(watchPatternsForHost(rules, HOST)).toEqual(['postgres', 'nginx']);
    const many = Array.from({ length: MAX_WATCH_PATTERNS + 10 }, (_, i) => proc(`p${i}`, `proc-${i}`, 100 - i));
    const patterns = watchPatternsForHost(many, HOST);
    expect(patterns).toHaveLength(MAX_WATCH_PATTERNS);
    expect(patterns[0]).toBe(`proc-${MAX_WATCH_PATTERNS + 9}`); // the oldest rule keeps its slot
  });
});

describe('maintenance windows', () => {
  const once = (from: number, to: number): MaintenanceWindow => ({ id: 'w', name: 'deploy', scope: { kind: 'all' }, schedule: { kind: 'once', from, to }, createdAt: 0 });
  const daily = (startMinute: number, durationMs: number, scope: MaintenanceWindow['scope'] = { kind: 'all' }): MaintenanceWindow => ({
    id: 'd', name: 'nightly', scope, schedule: { kind: 'daily', startMinute, durationMs }, createdAt: 0,
  });

  it('once: from ≤ now < to', () => {
    const w = once(at(1), at(2));
    expect([at(1) - 1, at(1), at(2) - 1, at(2)].map((t) => windowActive(w, t))).toEqual([false, true, true, false]);
  });

  it('daily: from the UTC start minute for its duration, every day', () => {
    const w = daily(2 * 60 + 30, 60 * MIN); // 02:30–03:30 UTC
    expect([at(2, 29), at(2, 30), at(3, 29), at(3, 30)].map((t) => windowActive(w, t))).toEqual([false, true, true, false]);
    expect(windowActive(w, at(2, 45) + 10 * DAY)).toBe(true);
  });

  it('daily windows crossing midnight cover the evening and the next morning', () => {
    const w = daily(23 * 60, 2 * 60 * MIN); // 23:00–01:00 UTC
    expect([at(22, 59), at(23), at(23, 59), at(24), at(24, 59), at(25), at(12)].map((t) => windowActive(w, t))).toEqual([false, true, true, true, true, false, false]);
    // Just after midnight on the very first day of the epoch too (no negative modulo surprise).
    expect(windowActive(w, 30 * MIN)).toBe(true);
  });

  it('a daily window of 24 h is always on', () => {
    expect(windowActive(daily(600, DAY), at(3))).toBe(true);
  });

  const silence = (over: Partial<Silence> = {}): Silence => ({ id: 's', ruleId: 'r1', until: at(5), comment: '', createdBy: 'u1', createdAt: 0, ...over });

  it('suppressionFor: maintenance in scope first, then a matching silence until its end', () => {
    const target = { ruleId: 'r1', host: HOST, entity: '/var' };
    const now = at(3);
    expect(suppressionFor(target, [daily(0, DAY, { kind: 'tag', tag: 'prod' })], [silence()], now)).toBe('maintenance');
    expect(suppressionFor(target, [daily(0, DAY, { kind: 'tag', tag: 'staging' })], [silence()], now)).toBe('silenced');
    expect(suppressionFor(target, [], [silence({ until: now })], now)).toBeNull();
    expect(suppressionFor(target, [], [silence({ ruleId: 'r2' })], now)).toBeNull();
    expect(suppressionFor(target, [], [silence({ hostId: 'h1' })], now)).toBe('silenced');
    expect(suppressionFor(target, [], [silence({ hostId: 'h2' })], now)).toBeNull();
    expect(suppressionFor(target, [], [silence({ entity: '/var' })], now)).toBe('silenced');
    expect(suppressionFor(target, [], [silence({ entity: '/' })], now)).toBeNull();
    expect(suppressionFor(target, [once(at(4), at(6))], [], now)).toBeNull();
  });
});
