import { describe, expect, it } from 'vitest';
import { judgeTick } from '@/lib/alerts/evaluate';
import { acknowledge, dueRepeats } from '@/lib/alerts/repeats';
import type { AlertState } from '@/lib/alerts/schemas';
import { cpuRule, HOST, MIN, rule, T0 } from './fixtures';

const firing = (over: Partial<AlertState> = {}): AlertState => ({
  ruleId: 'r1', hostId: HOST.id, entity: '', status: 'firing', since: T0, evaluatedAt: T0, value: 95, window: [], notifiedAt: T0, acknowledgedBy: null, seq: 1, version: 4, ...over,
});

describe('reminders', () => {
  const r = cpuRule({}, { repeatMs: 30 * MIN });

  it('are due once notifiedAt + repeatMs is reached, and move notifiedAt on', () => {
    expect(dueRepeats({ rule: r, host: HOST, states: [firing()], now: T0 + 30 * MIN - 1, hostDown: false })).toEqual([]);
    const [t] = dueRepeats({ rule: r, host: HOST, states: [firing()], now: T0 + 30 * MIN, hostDown: false });
    expect(t!.kind).toBe('repeat');
    expect(t!.state).toMatchObject({ notifiedAt: T0 + 30 * MIN, version: 5, seq: 1 });
    expect(t!.event).toMatchObject({ kind: 'repeat', at: T0 + 30 * MIN, value: 95, firingSince: T0 });
    // The next one is due from the new notifiedAt, under a new id.
    const [next] = dueRepeats({ rule: r, host: HOST, states: [t!.state], now: T0 + 60 * MIN, hostDown: false });
    expect(next!.event.id).not.toBe(t!.event.id);
  });

  it('two instances due the same reminder at different moments name it the same', () => {
    const a = dueRepeats({ rule: r, host: HOST, states: [firing()], now: T0 + 31 * MIN, hostDown: false });
    const b = dueRepeats({ rule: r, host: HOST, states: [firing()], now: T0 + 32 * MIN, hostDown: false });
    expect(a[0]!.event.id).toBe(b[0]!.event.id);
  });

  it('none for acknowledged, ok or pending states, other rules or hosts, rules without repeatMs or disabled', () => {
    const now = T0 + 90 * MIN;
    const states = [firing({ acknowledgedBy: 'u1' }), firing({ status: 'pending' }), firing({ status: 'ok' }), firing({ ruleId: 'r2' }), firing({ hostId: 'h2' })];
    expect(dueRepeats({ rule: r, host: HOST, states, now, hostDown: false })).toEqual([]);
    expect(dueRepeats({ rule: cpuRule(), host: HOST, states: [firing()], now, hostDown: false })).toEqual([]);
    expect(dueRepeats({ rule: cpuRule({}, { repeatMs: 30 * MIN, enabled: false }), host: HOST, states: [firing()], now, hostDown: false })).toEqual([]);
  });

  it('a firing never notified (suppressed or late) is due at once, whatever repeatMs, and only once', () => {
    const unsent = firing({ notifiedAt: null });
    for (const rr of [cpuRule(), r]) {
      const [t] = dueRepeats({ rule: rr, host: HOST, states: [unsent], now: T0 + MIN, hostDown: false });
      expect(t!.state).toMatchObject({ notifiedAt: T0 + MIN, version: 5 });
      expect(t!.event).toMatchObject({ kind: 'repeat', firingSince: T0 });
    }
    const [sent] = dueRepeats({ rule: cpuRule(), host: HOST, states: [unsent], now: T0 + MIN, hostDown: false });
    expect(dueRepeats({ rule: cpuRule(), host: HOST, states: [sent!.state], now: T0 + 90 * MIN, hostDown: false })).toEqual([]);
    expect(dueRepeats({ rule: r, host: HOST, states: [unsent], now: T0 + MIN, hostDown: true })).toEqual([]);
  });

  it('a metric alert does not remind while its host is down (stale news), a host-down alert does', () => {
    const now = T0 + 90 * MIN;
    expect(dueRepeats({ rule: r, host: HOST, states: [firing()], now, hostDown: true })).toEqual([]);
    const down = rule({ condition: { kind: 'host_down', afterMs: 5 * MIN }, repeatMs: 30 * MIN });
    const fired = judgeTick({ rule: down, host: HOST, lastSeen: T0, prev: new Map(), now: T0 + 6 * MIN }).states[0]!;
    const [t] = dueRepeats({ rule: down, host: HOST, states: [fired], now: T0 + 40 * MIN, hostDown: true });
    // The reminder states how long the host has been silent by now.
    expect(t!.event.value).toBe(40 * MIN);
  });
});

describe('acknowledge', () => {
  const r = cpuRule({}, { repeatMs: 30 * MIN });
  it('marks a firing alert taken, once, and stops its reminders', () => {
    const acked = acknowledge(firing(), { userId: 'u1', rule: r, host: HOST, now: T0 + MIN })!;
    expect(acked.state).toMatchObject({ acknowledgedBy: 'u1', version: 5, status: 'firing' });
    expect(acked.event).toMatchObject({ kind: 'acknowledged', at: T0 + MIN, firingSince: T0 });
    expect(acknowledge(acked.state, { userId: 'u2', rule: r, host: HOST, now: T0 + 2 * MIN })).toBeNull();
    expect(dueRepeats({ rule: r, host: HOST, states: [acked.state], now: T0 + 90 * MIN, hostDown: false })).toEqual([]);
  });

  it('refuses states that are not firing; the id is the same whoever acknowledges', () => {
    expect(acknowledge(firing({ status: 'pending' }), { userId: 'u1', rule: r, host: HOST, now: T0 })).toBeNull();
    const a = acknowledge(firing(), { userId: 'u1', rule: r, host: HOST, now: T0 + 1 })!;
    const b = acknowledge(firing(), { userId: 'u2', rule: r, host: HOST, now: T0 + 2 })!;
    expect(a.event.id).toBe(b.event.id);
  });
});
