import { describe, expect, it } from 'vitest';
import { sampleView, shareHostView, shareProcesses, shareSeries, type ShareViewInput } from '@/lib/shares/view';
import type { Sample } from '@/lib/wire/contract';
import { makeSample, makeSystem } from '../../support/samples';

/**
 * The allow-list serializer: whatever extra fields the store, the query
 * layer or a future contract change put into the objects, a viewer gets
 * exactly the keys written in lib/shares/view.ts.
 */

const POISON = 'POISON-do-not-leak';

/** Adds a poison key to every object in the tree, as a careless spread upstream would. */
function poisoned<T>(value: T): T {
  if (Array.isArray(value)) return value.map(poisoned) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = { secretField: POISON, tokenHash: POISON, email: `${POISON}@example.test` };
    for (const [k, v] of Object.entries(value)) out[k] = poisoned(v);
    return out as T;
  }
  return value;
}

/** Every key path in a JSON value, arrays collapsed to `[]`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : [];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)]);
  }
  return [];
}

function input(sample: Sample): ShareViewInput {
  return {
    host: { id: 'h1', name: 'web-1', tags: ['prod'], disabled: false },
    status: 'online',
    lastSeen: 1_000,
    clockSkewMs: 12,
    droppedTotal: 0,
    system: makeSystem('secret-machine.internal'),
    latest: sample,
  };
}

const SAMPLE_KEYS = [
  'ts',
  'intervalMs',
  'cpu',
  'memory',
  'filesystems',
  'disk',
  'network',
  'temperatures',
  'processes',
];

describe('the host view a share viewer gets', () => {
  const raw = poisoned({ ...input(makeSample(1_000_000)), createdAt: 5, tokenHash: 'abc', counters: { spooled: 1, dropped: 2 } }) as ShareViewInput;
  const grant = { includeProcesses: true, includeAlerts: false, maxRangeMs: 86_400_000, expiresAt: null };

  it('holds only allowed keys, however much the input carries', () => {
    const out = shareHostView(raw, grant);
    const json = JSON.stringify(out);
    expect(json).not.toContain(POISON);
    expect(json).not.toContain('secret-machine');
    // (temperatures have a `label` of their own; the link's label is checked over HTTP)
    expect(json).not.toMatch(/tokenHash|createdAt|counters|hostname|createdBy|spooled/);
    expect(Object.keys(out).sort()).toEqual(['alerts', 'clockSkewMs', 'droppedTotal', 'host', 'lastSeen', 'latest', 'share', 'status', 'system'].sort());
    expect(Object.keys(out.host).sort()).toEqual(['disabled', 'id', 'name', 'tags']);
    expect(Object.keys(out.share).sort()).toEqual(['expiresAt', 'includeAlerts', 'includeProcesses', 'maxRangeMs']);
    expect(Object.keys(out.latest!).sort()).toEqual([...SAMPLE_KEYS].sort());
    expect(Object.keys(out.latest!.processes.top[0]!).sort()).toEqual(
      ['pid', 'name', 'user', 'state', 'cpuPct', 'rss', 'memPct', 'threads', 'startedAt', 'command'].sort(),
    );
  });

  it('keeps every value it allows, unchanged', () => {
    const clean = input(makeSample(1_000_000));
    const out = shareHostView(clean, grant);
    expect(out.latest).toEqual(clean.latest);
    expect(out.system).toEqual({ ...clean.system, hostname: undefined });
    expect(out.system).not.toHaveProperty('hostname');
    expect(out.host).toEqual(clean.host);
  });

  it('has the same key paths as a clean input (no poisoned path survives)', () => {
    const fromPoisoned = new Set(keyPaths(shareHostView(raw, grant)));
    const fromClean = new Set(keyPaths(shareHostView(input(makeSample(1_000_000)), grant)));
    expect([...fromPoisoned].sort()).toEqual([...fromClean].sort());
  });

  it('drops the process list when the link does not include processes, keeping the counts', () => {
    const out = shareHostView(raw, { ...grant, includeProcesses: false });
    expect(out.latest!.processes).toEqual({ total: 120, running: 2, top: [] });
    expect(JSON.stringify(out)).not.toMatch(/systemd|postgres|server\.js/);
    expect(out.share.includeProcesses).toBe(false);
  });

  const firing = {
    ruleId: 'rule-secret-id',
    ruleName: 'Disk almost full',
    severity: 'critical' as const,
    hostId: 'h1',
    hostName: 'db-1',
    entity: '/var',
    status: 'firing' as const,
    since: 1_000,
    value: 93.1,
    threshold: 90,
    unit: 'pct' as const,
    acknowledgedBy: 'user-secret-id',
    acknowledgedByName: 'Ops Person',
    silencedUntil: 5_000,
    maintenance: false,
  };

  it('shows no alerts unless the link includes them, even when the caller passes some', () => {
    const out = shareHostView(raw, grant, [firing]);
    expect(out.alerts).toBeNull();
    expect(JSON.stringify(out)).not.toContain('Disk almost full');
  });

  it('shows what and since when of each alert when the link includes them, never ids or who acknowledged', () => {
    const out = shareHostView(raw, { ...grant, includeAlerts: true }, [firing]);
    expect(out.alerts).toEqual([{ ruleName: 'Disk almost full', severity: 'critical', entity: '/var', status: 'firing', since: 1_000, value: 93.1, threshold: 90, unit: 'pct' }]);
    expect(JSON.stringify(out)).not.toMatch(/secret-id|Ops Person|silencedUntil/);
    expect(out.share.includeAlerts).toBe(true);
  });

  it('answers for a host that never reported', () => {
    const out = shareHostView({ ...input(makeSample(1)), system: null, latest: null, lastSeen: null, status: 'waiting' }, grant);
    expect(out).toMatchObject({ system: null, latest: null, lastSeen: null, status: 'waiting' });
  });
});

describe('series and processes for a viewer', () => {
  it('keeps the aligned arrays and the answered window, nothing else', () => {
    const column = { avg: [1, null, 3], min: [1, null, 2], max: [1, null, 4] };
    // Metric names are the map's keys (this host's series), so the map itself is not poisoned; everything inside is.
    const answer = { ...poisoned({ hostId: 'h1', tier: '1m', from: 10, to: 20, processesKeptMs: 86_400_000, stepMs: 5, t: [10, 15, 20] }), series: { 'cpu.user': poisoned(column) } };
    const out = shareSeries(answer);
    expect(out).toEqual({ tier: '1m', from: 10, to: 20, processesKeptMs: 86_400_000, stepMs: 5, t: [10, 15, 20], series: { 'cpu.user': column } });
    expect(JSON.stringify(out)).not.toContain(POISON);
  });

  it('drops anything in the series map that is not a column', () => {
    const answer = { tier: 'raw', from: 0, to: 1, processesKeptMs: 1, stepMs: 1, t: [], series: { ok: { avg: [], min: [], max: [] }, bad: POISON } as never };
    expect(Object.keys(shareSeries(answer).series)).toEqual(['ok']);
  });

  it('leaves out container series: their names say what runs on the host, as process names do', () => {
    const col = { avg: [1], min: [1], max: [1] };
    const answer = { tier: 'raw', from: 0, to: 1, processesKeptMs: 1, stepMs: 1, t: [0], series: { 'cpu.total': col, 'ctr.cpu:billing-api': col, 'ctr.mem:billing-api': col, 'fs:/': col } };
    expect(Object.keys(shareSeries(answer).series)).toEqual(['cpu.total', 'fs:/']);
  });

  it('leaves out services, as series and in the latest sample: unit names say what runs on the host', () => {
    const col = { avg: [1], min: [1], max: [1] };
    const answer = { tier: 'raw', from: 0, to: 1, processesKeptMs: 1, stepMs: 1, t: [0], series: { 'cpu.total': col, 'svc.cpu:billing-worker': col, 'svc.mem:billing-worker': col } };
    expect(Object.keys(shareSeries(answer).series)).toEqual(['cpu.total']);
    const latest = { ...makeSample(1), services: [{ name: 'billing-worker', state: 'failed' as const, subState: 'failed', restarts: 3, cpuPct: 0, memUsed: 0 }] };
    expect(JSON.stringify(sampleView(latest, true))).not.toContain('billing-worker');
  });

  it('keeps the snapshot fields of each process only', () => {
    const top = makeSample(1).processes.top;
    const out = shareProcesses(5, poisoned({ ts: 4, total: 9, running: 1, processes: top }));
    expect(JSON.stringify(out)).not.toContain(POISON);
    expect(out).toEqual({ at: 5, snapshot: { ts: 4, total: 9, running: 1, processes: top } });
    expect(shareProcesses(null, null)).toEqual({ at: null, snapshot: null });
  });
});
