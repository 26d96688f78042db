import { describe, expect, it } from 'vitest';
import { judgeBatch, judgeTick } from '@/lib/alerts/evaluate';
import { eventId } from '@/lib/alerts/event-id';
import type { AlertState } from '@/lib/alerts/schemas';
import type { Sample } from '@/lib/wire/contract';
import { makeSample } from '../../support/samples';
import { cpuAt, cpuRule, HOST, MIN, rule, Run, T0 } from './fixtures';

const s = (sec: number) => T0 + sec * 1000;

describe('process_missing', () => {
  const r = rule({ condition: { kind: 'process_missing', pattern: 'nginx' }, forMs: 60_000 });
  const watched = (ts: number, count: number | null): Sample => {
    const x = makeSample(ts);
    return { ...x, processes: { ...x.processes, ...(count === null ? {} : { watched: [{ pattern: 'other', count: 0 }, { pattern: 'nginx', count }] }) } };
  };

  it('fires when no process matched for forMs and resolves once one runs', () => {
    const run = new Run(r);
    run.batch([watched(s(0), 2), watched(s(10), 0), watched(s(40), 0)]);
    expect(run.states.get('')).toMatchObject({ status: 'pending', since: s(10), value: 0 });
    run.batch([watched(s(70), 0)]);
    run.batch([watched(s(80), 1)]);
    expect(run.kinds()).toEqual(['firing@70', 'resolved@80']);
    expect(run.all[1]!.transitions[0]!.event).toMatchObject({ value: 0, threshold: null });
  });

  it('a sample without a count for the pattern is unknown: it neither breaches nor clears', () => {
    const run = new Run(r);
    run.batch([watched(s(0), null), watched(s(100), null)]);
    expect(run.states.size).toBe(0);
    run.batch([watched(s(110), 0)]);
    run.batch([watched(s(200), null)]); // not reported: still pending, not completed, not cleared
    expect(run.states.get('')).toMatchObject({ status: 'pending', since: s(110), evaluatedAt: s(110) });
  });
});

describe('dropping', () => {
  const r = rule({ condition: { kind: 'dropping' } });
  it('fires on the batch that reports drops and resolves on the next clean batch, judged on server time', () => {
    const run = new Run(r);
    run.batch([cpuAt(s(0), 1)], { batchCounters: { spooled: 0, dropped: 0 }, now: s(5) });
    expect(run.states.size).toBe(0);
    const fired = run.batch([cpuAt(s(10), 1)], { batchCounters: { spooled: 3, dropped: 120 }, now: s(15) });
    expect(fired.transitions[0]!.event).toMatchObject({ kind: 'firing', value: 120, at: s(15) });
    run.batch([cpuAt(s(20), 1)], { batchCounters: { spooled: 0, dropped: 4 }, now: s(25) });
    run.batch([cpuAt(s(30), 1)], { batchCounters: { spooled: 0, dropped: 0 }, now: s(35) });
    expect(run.kinds()).toEqual(['firing@15', 'resolved@35']);
  });

  it('ignores forMs: drops fire at once', () => {
    const run = new Run(rule({ condition: { kind: 'dropping' }, forMs: 10 * MIN }));
    run.batch([cpuAt(s(0), 1)], { batchCounters: { spooled: 0, dropped: 1 }, now: s(1) });
    expect(run.kinds()).toEqual(['firing@1']);
  });
});

describe('clock_skew', () => {
  const r = rule({ condition: { kind: 'clock_skew', maxMs: 60_000 } });
  it('breaches on the size of the skew either way and keeps its sign for the message', () => {
    const run = new Run(r);
    run.batch([cpuAt(s(0), 1)], { clockSkewMs: 30_000, now: s(1) });
    const fast = run.batch([cpuAt(s(10), 1)], { clockSkewMs: -90_000, now: s(11) });
    expect(fast.transitions[0]!.event).toMatchObject({ kind: 'firing', value: -90_000, threshold: 60_000 });
    run.batch([cpuAt(s(20), 1)], { clockSkewMs: 59_000, now: s(21) });
    expect(run.kinds()).toEqual(['firing@11', 'resolved@21']);
  });

  it('a batch from a backlog says nothing about the clock', () => {
    const run = new Run(r);
    expect(run.batch([cpuAt(s(0), 1)], { clockSkewMs: 3_600_000, batchCounters: { spooled: 400, dropped: 0 }, now: s(1) }).transitions).toEqual([]);
    expect(run.batch([cpuAt(s(10), 1)], { clockSkewMs: 3_600_000, batchCounters: { spooled: 0, dropped: 0 }, now: s(11) }).transitions).toHaveLength(1);
  });

  it('honours forMs on the server clock', () => {
    const run = new Run(rule({ condition: { kind: 'clock_skew', maxMs: 5_000 }, forMs: 60_000 }));
    run.batch([cpuAt(s(0), 1)], { clockSkewMs: 10_000, now: s(0) });
    run.batch([cpuAt(s(30), 1)], { clockSkewMs: 10_000, now: s(30) });
    expect(run.kinds()).toEqual([]);
    run.batch([cpuAt(s(60), 1)], { clockSkewMs: 10_000, now: s(60) });
    expect(run.kinds()).toEqual(['firing@60']);
  });
});

describe('host_down', () => {
  const r = rule({ condition: { kind: 'host_down', afterMs: 5 * MIN } });
  const tick = (lastSeen: number | null, now: number, prev = new Map<string, AlertState>()) => judgeTick({ rule: r, host: HOST, lastSeen, prev, now });

  it('a host that never reported is waiting for its first report, not down', () => {
    expect(tick(null, s(100_000))).toEqual({ states: [], transitions: [], removed: [] });
  });

  it('fires once no batch arrived for afterMs, with since = lastSeen + afterMs on every instance', () => {
    expect(tick(s(0), s(300)).transitions).toEqual([]); // exactly afterMs: not yet
    const a = tick(s(0), s(301));
    const b = tick(s(0), s(330)); // another instance, ticking later
    expect(a.states[0]).toMatchObject({ status: 'firing', since: s(300), seq: 1, version: 0, value: null });
    expect(a.transitions[0]!.event).toMatchObject({ kind: 'firing', value: 301_000, threshold: 300_000, firingSince: s(300) });
    expect(b.transitions[0]!.event.id).toBe(a.transitions[0]!.event.id);
    // Already firing: the next tick changes nothing.
    expect(tick(s(0), s(400), new Map([['', a.states[0]!]])).states).toEqual([]);
  });

  it('a batch resolves it, with how long the host was silent', () => {
    const fired = tick(s(0), s(301)).states[0]!;
    const j = judgeBatch({ rule: r, host: HOST, samples: [cpuAt(s(700), 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map([['', fired]]), now: s(720) });
    expect(j.transitions[0]!.event).toMatchObject({ kind: 'resolved', at: s(720), value: 720_000, firingSince: s(300) });
    expect(j.states[0]).toMatchObject({ status: 'ok', seq: 2, version: 1 });
    // A batch while not down judges nothing.
    expect(judgeBatch({ rule: r, host: HOST, samples: [cpuAt(s(730), 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map([['', j.states[0]!]]), now: s(740) }).states).toEqual([]);
  });

  it('a batch received after the silence ended resolves it even when the tick that fired ran later by its own clock', () => {
    const fired = tick(s(0), s(900)).states[0]!; // a tick 10 min late, or an instance whose clock is ahead
    const j = judgeBatch({ rule: r, host: HOST, samples: [cpuAt(s(600), 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map([['', fired]]), now: s(610) });
    expect(j.transitions.map((t) => t.kind)).toEqual(['resolved']);
    expect(tick(s(610), s(905), new Map([['', fired]])).transitions.map((t) => t.kind)).toEqual(['resolved']);
    // The batch the tick judged "down" on does not.
    expect(judgeBatch({ rule: r, host: HOST, samples: [cpuAt(s(-10), 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map([['', fired]]), now: s(0) }).transitions).toEqual([]);
  });

  it('the tick resolves it too when the batch judgement was lost, with the same event id', () => {
    const fired = tick(s(0), s(301)).states[0]!;
    const prev = new Map([['', fired]]);
    const byBatch = judgeBatch({ rule: r, host: HOST, samples: [cpuAt(s(700), 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev, now: s(720) });
    const byTick = tick(s(720), s(760), prev);
    expect(byTick.transitions[0]!.event.id).toBe(byBatch.transitions[0]!.event.id);
  });

  it('the tick never judges metric rules, so a silent host cannot complete a pending for-duration', () => {
    const pending: AlertState = { ruleId: 'r1', hostId: HOST.id, entity: '', status: 'pending', since: s(0), evaluatedAt: s(0), value: 95, window: [], notifiedAt: null, acknowledgedBy: null, seq: 0, version: 0 };
    const j = judgeTick({ rule: cpuRule({}, { forMs: 60_000 }), host: HOST, lastSeen: s(0), prev: new Map([['', pending]]), now: s(3600) });
    expect(j).toEqual({ states: [], transitions: [], removed: [] });
  });
});

describe('event ids', () => {
  it('are deterministic: two instances judging the same batch name the events the same', () => {
    const run1 = new Run(cpuRule());
    const run2 = new Run(cpuRule());
    const batch = [cpuAt(s(0), 95), cpuAt(s(5), 10)];
    const a = run1.batch(batch, { now: s(6) });
    const b = run2.batch(batch, { now: s(9) });
    expect(a.transitions.map((t) => t.event.id)).toEqual(b.transitions.map((t) => t.event.id));
    expect(new Set(a.transitions.map((t) => t.event.id)).size).toBe(2);
  });

  it('differ by rule, host, entity, kind, seq and time, and stay short', () => {
    const base = { ruleId: 'r1', hostId: 'h1', entity: '', kind: 'firing', seq: 1, at: 5 };
    const ids = [base, { ...base, ruleId: 'r2' }, { ...base, hostId: 'h2' }, { ...base, entity: '/' }, { ...base, kind: 'resolved' }, { ...base, seq: 2 }, { ...base, at: 6 }].map(eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^ev_[0-9a-f]{28}$/.test(id))).toBe(true);
    // Field boundaries matter: ("a", "bc") is not ("ab", "c").
    expect(eventId({ ...base, ruleId: 'a', hostId: 'bc' })).not.toBe(eventId({ ...base, ruleId: 'ab', hostId: 'c' }));
  });

  it('a state dropped and created again (seq from 0) does not reuse an id', () => {
    const first = new Run(cpuRule()).batch([cpuAt(s(0), 95)]).transitions[0]!.event.id;
    const again = new Run(cpuRule()).batch([cpuAt(s(500), 95)]).transitions[0]!.event.id;
    expect(again).not.toBe(first);
  });

  it('events carry the rule and host facts', () => {
    const r = cpuRule({}, { severity: 'critical', name: 'CPU hot' });
    const t = new Run(r).batch([cpuAt(s(0), 95)]).transitions[0]!;
    expect(t.event).toMatchObject({ ruleId: 'r1', ruleName: 'CPU hot', hostId: 'h1', hostName: 'web-1', entity: '', severity: 'critical', suppressed: null, threshold: 90 });
  });
});
