import { describe, expect, it } from 'vitest';
import { judgeBatch, judgeTick } from '@/lib/alerts/evaluate';
import { alertUrl, renderNotice, utcTime } from '@/lib/alerts/messages';
import { dueRepeats } from '@/lib/alerts/repeats';
import type { AlertEvent } from '@/lib/alerts/schemas';
import { parseRange } from '@/lib/ui/range';
import { makeSample } from '../../support/samples';
import { cpuAt, HOST, MIN, rule, Run, T0 } from './fixtures';

const base = 'https://mon.example.com/';
const withFs = (ts: number, usedPct: number) => {
  const x = makeSample(ts);
  return { ...x, filesystems: [{ ...x.filesystems[0]!, mount: '/', usedPct }] };
};

describe('notices for metric alerts', () => {
  const r = rule({ name: 'Disk almost full', severity: 'critical', condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 90, clear: 85 }, repeatMs: 30 * MIN });
  const run = new Run(r);
  const fired = run.batch([withFs(T0, 93.14)]).transitions[0]!.event;
  const resolved = run.batch([withFs(T0 + 12 * MIN, 80)]).transitions[0]!.event;
  const ctx = { rule: r, hostName: 'web-1', baseUrl: base, now: T0 + 13 * MIN };

  it('firing: what, value and threshold with units, since when, the link', () => {
    const n = renderNotice(fired, ctx);
    expect(n.title).toBe('[FIRING] web-1: Filesystem / used 93.1 % (above 90 %)');
    expect(n.text.split('\n')).toEqual([
      'Filesystem / used is 93.1 %; the rule fires above 90 %; it resolves at 85 %.',
      'Firing since 03:00 UTC.',
      'Rule: Disk almost full (critical).',
      `Host page: ${n.url}`,
    ]);
    expect(n.fields).toContainEqual({ label: 'Threshold', value: '90 %' });
    expect(n.event).toBe(fired);
  });

  it('resolved: how long it lasted', () => {
    const n = renderNotice(resolved, ctx);
    expect(n.title).toBe('[RESOLVED] web-1: Filesystem / used 80 % (was above 90 %) after 12 min');
    expect(n.text).toContain('Filesystem / used is back to 80 %');
    expect(n.text).toContain('Firing from 03:00 UTC to 03:12 UTC (12 min).');
    expect(n.fields).toContainEqual({ label: 'Lasted', value: '12 min' });
  });

  it('reminder: firing for how long', () => {
    const state = { ...run.all[0]!.states[0]! };
    const [t] = dueRepeats({ rule: r, host: HOST, states: [state], now: T0 + 2 * 3_600_000, hostDown: false });
    expect(renderNotice(t!.event, ctx).title).toBe('[REMINDER] web-1: Filesystem / used 93.1 % (above 90 %), firing for 2 h');
  });

  it('windowed rules say how the value was taken; rates and counts carry their units', () => {
    const w = rule({ condition: { kind: 'metric', signal: 'net.rx', op: 'above', threshold: 1_048_576, windowMs: 5 * MIN, aggregate: 'max' } });
    const ev: AlertEvent = { ...fired, entity: '', value: 1_572_864, threshold: 1_048_576 };
    const n = renderNotice(ev, { ...ctx, rule: w });
    expect(n.title).toBe('[FIRING] web-1: Received 1.5 MiB/s (above 1 MiB/s)');
    expect(n.text).toContain('(highest over 5 min)');
    const errs = rule({ condition: { kind: 'metric', signal: 'net.errors.each', op: 'above', threshold: 10 } });
    expect(renderNotice({ ...fired, entity: 'eth0', value: 12.5 }, { ...ctx, rule: errs }).title).toBe('[FIRING] web-1: Network interface eth0 errors 12.5 errors/s (above 10 errors/s)');
  });

  it('acknowledged: says reminders stop; a rule whose signal is gone still renders', () => {
    const n = renderNotice({ ...fired, kind: 'acknowledged' }, ctx);
    expect(n.title).toBe('[ACKNOWLEDGED] web-1: Filesystem / used 93.1 % (above 90 %)');
    expect(n.text).toContain('no more reminders');
    const gone = { ...r, condition: { ...r.condition, signal: 'gone.metric' } } as typeof r;
    expect(renderNotice({ ...fired, value: 7 }, { ...ctx, rule: gone }).title).toBe('[FIRING] web-1: gone.metric 7 (above 90)');
  });

  it('a very long entity is cut in the title', () => {
    const n = renderNotice({ ...fired, entity: `/${'x'.repeat(500)}` }, ctx);
    expect(n.title.length).toBeLessThan(160);
    expect(n.title).toContain('…');
  });
});

describe('notices for the other conditions', () => {
  it('host down: no report for how long, last seen when; back after how long', () => {
    const r = rule({ condition: { kind: 'host_down', afterMs: 5 * MIN } });
    const fired = judgeTick({ rule: r, host: HOST, lastSeen: T0 + 12 * MIN, prev: new Map(), now: T0 + 19 * MIN });
    const n = renderNotice(fired.transitions[0]!.event, { rule: r, hostName: 'web-1', baseUrl: base, now: T0 + 19 * MIN });
    expect(n.title).toBe('[FIRING] web-1: no report for 7 min');
    expect(n.text).toContain('No report for 7 min (last seen 03:12 UTC)');
    const back = judgeBatch({ rule: r, host: HOST, samples: [cpuAt(T0 + 30 * MIN, 1)], batchCounters: { spooled: 0, dropped: 0 }, clockSkewMs: 0, prev: new Map([['', fired.states[0]!]]), now: T0 + 31 * MIN });
    expect(renderNotice(back.transitions[0]!.event, { rule: r, hostName: 'web-1', baseUrl: base, now: T0 + 31 * MIN }).title).toBe('[RESOLVED] web-1: reporting again after 19 min without a report');
  });

  it('process missing: no process matches the pattern for the for-duration', () => {
    const r = rule({ condition: { kind: 'process_missing', pattern: 'nginx' }, forMs: 5 * MIN });
    const x = (ts: number, count: number) => {
      const s = makeSample(ts);
      return { ...s, processes: { ...s.processes, watched: [{ pattern: 'nginx', count }] } };
    };
    const run = new Run(r);
    run.batch([x(T0, 0), x(T0 + 5 * MIN, 0)]);
    run.batch([x(T0 + 9 * MIN, 2)]);
    const [fired, resolved] = run.all.flatMap((j) => j.transitions.map((t) => t.event));
    const ctx = { rule: r, hostName: 'web-1', baseUrl: base, now: T0 + 9 * MIN };
    expect(renderNotice(fired!, ctx).title).toBe('[FIRING] web-1: no process matches "nginx"');
    expect(renderNotice(fired!, ctx).text).toContain('No process matches "nginx" for 5 min');
    expect(renderNotice(resolved!, ctx).title).toBe('[RESOLVED] web-1: "nginx" is running again after 4 min');
    expect(renderNotice(resolved!, ctx).text).toContain('2 processes match "nginx" again.');
  });

  it('dropping and clock skew', () => {
    const drop = rule({ condition: { kind: 'dropping' } });
    const d = new Run(drop).batch([cpuAt(T0, 1)], { batchCounters: { spooled: 0, dropped: 1 }, now: T0 }).transitions[0]!.event;
    expect(renderNotice(d, { rule: drop, hostName: 'web-1', baseUrl: base, now: T0 }).title).toBe('[FIRING] web-1: collector dropped 1 sample');
    const skew = rule({ condition: { kind: 'clock_skew', maxMs: MIN } });
    const k = new Run(skew).batch([cpuAt(T0, 1)], { clockSkewMs: -125_000, now: T0 }).transitions[0]!.event;
    const n = renderNotice(k, { rule: skew, hostName: 'web-1', baseUrl: base, now: T0 });
    expect(n.title).toBe('[FIRING] web-1: clock 2 min 5 s ahead (more than 1 min off)');
    expect(n.fields).toContainEqual({ label: 'Value', value: '2 min 5 s ahead' });
  });
});

describe('times and links', () => {
  it('UTC clock time, with the date when it is not today', () => {
    expect(utcTime(T0 + 12 * MIN, T0)).toBe('03:12 UTC');
    expect(utcTime(T0 - 4 * 3_600_000, T0)).toBe('Jan 30 23:00 UTC');
  });

  it('the link opens the host page at the alert time, in the range format the page reads', () => {
    const r = rule({ condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90, windowMs: 5 * MIN }, forMs: 10 * MIN });
    const ev = new Run(r).batch(Array.from({ length: 11 }, (_, i) => cpuAt(T0 + i * MIN, 99))).transitions[0]!.event;
    const url = new URL(alertUrl(ev, r, 'https://mon.example.com/base/', T0 + 10 * MIN));
    expect(url.pathname).toBe('/base/hosts/h1');
    expect(parseRange(url.searchParams)).toEqual({ kind: 'custom', from: T0 + 10 * MIN - 45 * MIN, to: T0 + 15 * MIN });
    expect(url.search).toBe('?from=2026-01-31T02:25:00Z&to=2026-01-31T03:15:00Z');
    // Host ids are encoded.
    expect(alertUrl({ ...ev, hostId: 'a/b c' }, r, 'https://m', T0)).toContain('/hosts/a%2Fb%20c?');
  });
});
