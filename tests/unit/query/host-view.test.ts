import { describe, expect, it } from 'vitest';
import type { HostRecord, HostState } from '@/lib/store/types';
import { fleetEntry, hostDetail } from '@/lib/query/host-view';
import { makeSample, makeSystem } from '../../support/samples';

const now = Date.UTC(2026, 0, 31, 12);
const host: HostRecord = { id: 'h1', name: 'web-1', tags: ['prod'], tokenHash: 'a'.repeat(64), disabled: false, createdAt: 1 };
const state = (lastSeen: number): HostState => ({
  hostId: 'h1',
  lastSeen,
  latest: makeSample(lastSeen - 1000),
  system: makeSystem(),
  counters: { spooled: 0, dropped: 0 },
  droppedTotal: 3,
  clockSkewMs: 1000,
  capped: null,
});

describe('host views', () => {
  it('summarises a host for the fleet list without its token hash', () => {
    const e = fleetEntry(host, state(now - 5_000), now);
    expect(e).toMatchObject({ id: 'h1', name: 'web-1', status: 'online', lastSeen: now - 5_000, intervalMs: 5_000 });
    expect(e.headline).toMatchObject({ diskPct: 75, memPct: expect.any(Number), cpuPct: expect.any(Number) });
    expect(JSON.stringify(e)).not.toContain('tokenHash');
    expect(JSON.stringify(e)).not.toContain('a'.repeat(64));
  });

  it('shows a never-seen host as waiting without headline', () => {
    expect(fleetEntry(host, null, now)).toMatchObject({ status: 'waiting', lastSeen: null, headline: null });
  });

  it('shows a disabled host as offline', () => {
    expect(fleetEntry({ ...host, disabled: true }, state(now), now).status).toBe('offline');
  });

  it('gives the full latest state in the detail view', () => {
    const d = hostDetail(host, state(now - 60_000), now);
    expect(d.status).toBe('stale');
    expect(d.latest?.cpu.cores).toHaveLength(2);
    expect(d.system?.hostname).toBe('test-host');
    expect(d.droppedTotal).toBe(3);
    expect(JSON.stringify(d)).not.toContain('tokenHash');
  });
});
