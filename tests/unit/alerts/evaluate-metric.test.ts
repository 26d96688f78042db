import { describe, expect, it } from 'vitest';
import { judgeBatch, MAX_STATES_PER_RULE_HOST } from '@/lib/alerts/evaluate';
import { makeSample } from '../../support/samples';
import { cpuAt, cpuRule, HOST, MIN, rule, Run, T0 } from './fixtures';

const s = (sec: number) => T0 + sec * 1000;

describe('metric rules: threshold, for-duration and hysteresis', () => {
  it('fires at once with forMs 0 and resolves when the value is back at the threshold', () => {
    const run = new Run(cpuRule());
    expect(run.batch([cpuAt(s(0), 50)]).states).toEqual([]); // never breached, no window: no state at all
    const fired = run.batch([cpuAt(s(10), 95)]);
    expect(fired.transitions.map((t) => t.kind)).toEqual(['firing']);
    expect(fired.states[0]).toMatchObject({ status: 'firing', since: s(10), value: 95, seq: 1, version: 0, notifiedAt: s(10) + 1000 });
    expect(run.batch([cpuAt(s(20), 90.01)]).transitions).toEqual([]);
    const resolved = run.batch([cpuAt(s(30), 90)]);
    expect(resolved.transitions[0]).toMatchObject({ kind: 'resolved', event: { firingSince: s(10), at: s(30), value: 90, threshold: 90 } });
    expect(run.states.get('')).toMatchObject({ status: 'ok', seq: 2, notifiedAt: null, since: s(30) });
  });

  it('goes pending at the first breach and fires once a breaching value is forMs after it', () => {
    const run = new Run(cpuRule({}, { forMs: 60_000 }));
    run.batch([cpuAt(s(0), 95)]);
    expect(run.states.get('')).toMatchObject({ status: 'pending', since: s(0), seq: 0 });
    run.batch([cpuAt(s(30), 96), cpuAt(s(59), 97)]);
    expect(run.status()).toBe('pending');
    run.batch([cpuAt(s(60), 92)]);
    expect(run.kinds()).toEqual(['firing@60']);
    expect(run.states.get('')).toMatchObject({ status: 'firing', since: s(60) });
  });

  it('an interrupted for-duration starts again, without any event', () => {
    const run = new Run(cpuRule({}, { forMs: 60_000 }));
    run.batch([cpuAt(s(0), 95), cpuAt(s(40), 95)]);
    const back = run.batch([cpuAt(s(50), 80)]);
    expect(back.transitions).toEqual([]);
    expect(back.states[0]).toMatchObject({ status: 'ok', since: s(50) });
    run.batch([cpuAt(s(70), 95), cpuAt(s(100), 95)]); // 60 s after the first breach, but only 30 s into the new one
    expect(run.status()).toBe('pending');
    expect(run.states.get('')!.since).toBe(s(70));
    run.batch([cpuAt(s(130), 95)]);
    expect(run.kinds()).toEqual(['firing@130']);
  });

  it('a pending state whose values stopped longer than the stale gap starts its for-duration again', () => {
    const run = new Run(cpuRule({}, { forMs: 10 * MIN }));
    run.batch([cpuAt(s(0), 95)]);
    // The host went silent (the tick judges nothing); 11 minutes later one breaching value must not complete the 10 minutes.
    run.batch([cpuAt(s(660), 95)]);
    expect(run.kinds()).toEqual([]);
    expect(run.states.get('')).toMatchObject({ status: 'pending', since: s(660) });
  });

  it('hysteresis: flapping between clear and threshold keeps firing; only a value past clear resolves', () => {
    const run = new Run(cpuRule({ threshold: 90, clear: 80 }));
    run.batch([cpuAt(s(0), 91), cpuAt(s(5), 89), cpuAt(s(10), 91), cpuAt(s(15), 81), cpuAt(s(20), 80.5)]);
    expect(run.kinds()).toEqual(['firing@0']);
    run.batch([cpuAt(s(25), 80), cpuAt(s(30), 91), cpuAt(s(35), 79)]);
    expect(run.kinds()).toEqual(['firing@0', 'resolved@25', 'firing@30', 'resolved@35']);
    expect(run.states.get('')!.seq).toBe(4);
  });

  it('without hysteresis the same flapping notifies on every crossing', () => {
    const run = new Run(cpuRule({ threshold: 90 }));
    run.batch([cpuAt(s(0), 91), cpuAt(s(5), 89), cpuAt(s(10), 91)]);
    expect(run.kinds()).toEqual(['firing@0', 'resolved@5', 'firing@10']);
  });

  it('"below" mirrors it: breach under the threshold, resolve at or over clear', () => {
    const run = new Run(rule({ condition: { kind: 'metric', signal: 'mem.available', op: 'below', threshold: 1e9, clear: 1.5e9 } }));
    const at = (sec: number, avail: number) => {
      const x = makeSample(s(sec));
      return { ...x, memory: { ...x.memory, available: avail } };
    };
    run.batch([at(0, 2e9), at(5, 0.9e9), at(10, 1.2e9), at(15, 1.5e9)]);
    expect(run.kinds()).toEqual(['firing@5', 'resolved@15']);
  });

  it('ignores samples at or before the newest judged one (out of order, duplicates)', () => {
    const run = new Run(cpuRule({}, { forMs: 30_000 }));
    run.batch([cpuAt(s(10), 95)]);
    const stale = run.batch([cpuAt(s(10), 50), cpuAt(s(5), 50)]);
    expect(stale.states).toEqual([]);
    expect(run.states.get('')).toMatchObject({ status: 'pending', since: s(10), evaluatedAt: s(10) });
    // Within one batch the samples are sorted first, so an unsorted batch is judged in time order.
    run.batch([cpuAt(s(45), 95), cpuAt(s(20), 95)]);
    expect(run.kinds()).toEqual(['firing@45']);
  });

  it('writes an ok state only when something a later judgement needs changed', () => {
    const run = new Run(cpuRule());
    run.batch([cpuAt(s(0), 95)]);
    run.batch([cpuAt(s(5), 10)]);
    expect(run.all[1]!.states).toHaveLength(1); // the resolution
    expect(run.batch([cpuAt(s(10), 20)]).states).toEqual([]); // ok and still ok: nothing to write
    const firing = run.batch([cpuAt(s(15), 95)]);
    expect(firing.states[0]!.version).toBe(2);
    // A firing state's current value is written, for the dashboard and reminders.
    expect(run.batch([cpuAt(s(20), 97)]).states[0]).toMatchObject({ value: 97, version: 3 });
  });

  it('an unknown signal (removed from the registry) judges nothing', () => {
    const r = cpuRule();
    const broken = { ...r, condition: { ...r.condition, signal: 'gone.metric' } } as typeof r;
    expect(new Run(broken).batch([cpuAt(s(0), 99)])).toEqual({ states: [], transitions: [], removed: [] });
  });
});

describe('windowed metric rules', () => {
  it('averages every value of the window across minutes and forgets minutes past it', () => {
    const run = new Run(cpuRule({ windowMs: 2 * MIN, threshold: 50 }));
    // Minute 0: 40, 40; minute 1: 70 → (40+40+70)/3 = 50, not above.
    run.batch([cpuAt(s(0), 40), cpuAt(s(30), 40), cpuAt(s(60), 70)]);
    expect(run.states.get('')!.value).toBeCloseTo(50);
    expect(run.status()).toBe('ok');
    run.batch([cpuAt(s(90), 70)]); // (40+40+70+70)/4 = 55
    expect(run.kinds()).toEqual(['firing@90']);
    // At 3:00 + 180 s the window (60 s, 180 s] still overlaps minute 1 only partially: minute 0 is gone.
    run.batch([cpuAt(s(180), 13)]);
    const w = run.states.get('')!;
    expect(w.window.map((b) => (b[0] - T0) / MIN)).toEqual([1, 3]);
    expect(w.value).toBeCloseTo((70 + 70 + 13) / 3);
    expect(run.status()).toBe('firing');
    run.batch([cpuAt(s(250), 10)]);
    expect(run.kinds()).toEqual(['firing@90', 'resolved@250']);
  });

  it('max and min windows compare the extreme value of the window, whose oldest minute counts while it overlaps', () => {
    const maxRun = new Run(cpuRule({ windowMs: 5 * MIN, aggregate: 'max' }));
    maxRun.batch([cpuAt(s(0), 95), cpuAt(s(60), 10), cpuAt(s(120), 10)]);
    expect(maxRun.kinds()).toEqual(['firing@0']);
    maxRun.batch([cpuAt(s(359), 10)]); // (59 s, 359 s] still overlaps minute 0, which holds the 95
    expect(maxRun.status()).toBe('firing');
    maxRun.batch([cpuAt(s(360), 10)]);
    expect(maxRun.kinds()).toEqual(['firing@0', 'resolved@360']);

    const low = new Run(cpuRule({ op: 'below', threshold: 5, windowMs: 2 * MIN, aggregate: 'min' }));
    low.batch([cpuAt(s(0), 50), cpuAt(s(30), 2), cpuAt(s(60), 50)]);
    expect(low.kinds()).toEqual(['firing@30']);
  });

  it('keeps at most 61 buckets for a 60-minute window, whatever the sample rate', () => {
    const run = new Run(cpuRule({ windowMs: 60 * MIN }));
    const samples = Array.from({ length: 90 * 6 }, (_, i) => cpuAt(s(i * 10), 20));
    for (let i = 0; i < samples.length; i += 100) run.batch(samples.slice(i, i + 100));
    const w = run.states.get('')!.window;
    expect(w.length).toBeLessThanOrEqual(61);
    expect(w.length).toBeGreaterThanOrEqual(60);
    expect(w.every((b) => b[2] === 6)).toBe(true);
  });

  it('a windowed rule keeps a state from the first value (the window needs it), written every batch', () => {
    const run = new Run(cpuRule({ windowMs: MIN }));
    expect(run.batch([cpuAt(s(0), 10)]).states).toHaveLength(1);
    expect(run.batch([cpuAt(s(5), 10)]).states[0]!.window[0]).toEqual([T0, 20, 2, 10, 10]);
  });
});

describe('family signals', () => {
  const fsRule = (entity?: string) => rule({ condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 90, ...(entity ? { entity } : {}) } });
  const withFs = (ts: number, fs: Record<string, number>) => {
    const x = makeSample(ts);
    return { ...x, filesystems: Object.entries(fs).map(([mount, usedPct]) => ({ ...x.filesystems[0]!, mount, usedPct })) };
  };

  it('judges each entity on its own and keeps an entity that disappears as it was', () => {
    const run = new Run(fsRule());
    run.batch([withFs(s(0), { '/': 95, '/var': 50 })]);
    expect(run.kinds()).toEqual(['firing@0:/']);
    run.batch([withFs(s(10), { '/var': 99 })]); // '/' unmounted or not reported: not resolved
    expect(run.kinds()).toEqual(['firing@0:/', 'firing@10:/var']);
    expect(run.status('/')).toBe('firing');
    run.batch([withFs(s(20), { '/': 10, '/var': 10 })]);
    expect(run.kinds().slice(2).sort()).toEqual(['resolved@20:/', 'resolved@20:/var']);
  });

  it('with an entity judges that one only', () => {
    const run = new Run(fsRule('/var'));
    run.batch([withFs(s(0), { '/': 95, '/var': 91 })]);
    expect(run.kinds()).toEqual(['firing@0:/var']);
    expect([...run.states.keys()]).toEqual(['/var']);
  });

  it('the same entity twice in one sample counts once, the last one', () => {
    const run = new Run(fsRule());
    const x = withFs(s(0), { '/': 95 });
    x.filesystems.push({ ...x.filesystems[0]!, usedPct: 10 });
    expect(run.batch([x]).states).toEqual([]);
  });

  it('caps states per rule and host, dropping ok ones first, oldest judged first', () => {
    const r = fsRule();
    const prev = new Map();
    // 256 stored states: 255 ok ones judged at ascending times, one firing, oldest of all.
    for (let i = 0; i < MAX_STATES_PER_RULE_HOST - 1; i++) {
      prev.set(`/m${i}`, { ruleId: r.id, hostId: HOST.id, entity: `/m${i}`, status: 'ok', since: s(i), evaluatedAt: s(i), value: 1, window: [], notifiedAt: null, acknowledgedBy: null, seq: 2, version: 3 });
    }
    prev.set('/old', { ruleId: r.id, hostId: HOST.id, entity: '/old', status: 'firing', since: 0, evaluatedAt: 0, value: 99, window: [], notifiedAt: 0, acknowledgedBy: null, seq: 1, version: 0 });
    const j = judgeBatch({ rule: r, host: HOST, samples: [withFs(s(1000), { '/new1': 95, '/new2': 96 })], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev, now: s(1001) });
    expect(j.removed.map((x) => x.entity)).toEqual(['/m0', '/m1']);
    expect(j.removed[0]!.version).toBe(3); // the version read, for the delete's check
    expect(j.states.map((x) => x.entity).sort()).toEqual(['/new1', '/new2']);
    expect(j.transitions).toHaveLength(2);
  });

  it('drops a firing state only when more entities fire than the cap, and its transition with it', () => {
    const r = fsRule();
    const many = Object.fromEntries(Array.from({ length: MAX_STATES_PER_RULE_HOST + 1 }, (_, i) => [`/f${String(i).padStart(3, '0')}`, 99]));
    const x = withFs(s(0), many);
    const j = judgeBatch({ rule: r, host: HOST, samples: [x], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map(), now: s(1) });
    expect(j.states).toHaveLength(MAX_STATES_PER_RULE_HOST);
    expect(j.transitions).toHaveLength(MAX_STATES_PER_RULE_HOST);
    expect(j.removed).toEqual([]); // never stored, nothing to delete
    expect(j.states.some((st) => st.entity === '/f000')).toBe(false);
  });
});
