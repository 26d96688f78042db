import { describe, expect, it } from 'vitest';
import { fleetEntry } from '@/lib/query/host-view';
import { workloadTrouble } from '@/lib/metrics/workload-trouble';
import type { HostRecord, HostState } from '@/lib/store/types';
import { workloadHint } from '@/lib/ui/workload-hint';
import type { Container, Sample, Service } from '@/lib/wire/contract';
import { makeSample, makeSystem } from '../../support/samples';

const now = Date.UTC(2026, 0, 31, 12);
const host: HostRecord = { id: 'h1', name: 'app-1', tags: [], tokenHash: 'a'.repeat(64), disabled: false, createdAt: 1 };
const state = (over: Partial<Sample>): HostState => ({
  hostId: 'h1', lastSeen: now, latest: { ...makeSample(now - 1000), ...over }, system: makeSystem(), counters: { spooled: 0, dropped: 0 }, droppedTotal: 0, clockSkewMs: 0, capped: null,
});
const box = (name: string, over: Partial<Container> = {}): Container => ({
  id: name.padEnd(12, '0'), name, image: 'app:1', state: 'running', health: 'healthy', restarts: 0, startedAt: 1, cpuPct: 1, memUsed: 1, memLimit: 0, memCache: 0,
  blkReadBps: 0, blkWriteBps: 0, netRxBps: 0, netTxBps: 0, pids: 1, ...over,
});
const unit = (name: string, state: Service['state']): Service => ({ name, state, subState: state === 'failed' ? 'failed' : 'running', restarts: 0, cpuPct: 0, memUsed: 0 });

describe('the fleet entry’s workload trouble', () => {
  it('is null for a host whose containers run or stopped and whose services are up', () => {
    const calm = state({ containers: [box('web'), box('job', { state: 'exited', health: 'none' })], services: [unit('nginx.service', 'active'), unit('backup.service', 'inactive')] });
    expect(fleetEntry(host, calm, now).workloadTrouble).toBeNull();
    expect(fleetEntry(host, state({}), now).workloadTrouble).toBeNull();
    expect(fleetEntry(host, null, now).workloadTrouble).toBeNull();
  });

  it('names failed services and unhealthy, restarting or dead containers, and counts past the first three', () => {
    const t = workloadTrouble({
      ...makeSample(now),
      containers: [box('web', { health: 'unhealthy' }), box('q', { state: 'restarting' }), box('db', { state: 'dead' }), box('cache', { health: 'unhealthy' }), box('ok')],
      services: [unit('nginx.service', 'failed'), unit('cron.service', 'active')],
    });
    expect(t).toEqual({ containers: { count: 4, names: ['web', 'q', 'db'] }, services: { count: 1, names: ['nginx.service'] } });
    expect(workloadHint(t)).toEqual({
      label: '1 failed · 4 containers',
      hint: 'Service failed: nginx.service. Containers unhealthy, restarting or dead: web, q, db and 1 more',
    });
    expect(workloadHint(workloadTrouble({ ...makeSample(now), containers: [box('web', { health: 'unhealthy' })] }))?.label).toBe('1 container');
    expect(workloadHint(null)).toBeNull();
  });
});
