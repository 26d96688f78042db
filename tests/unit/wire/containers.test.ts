import { describe, expect, it } from 'vitest';
import { exactCheck } from '@/lib/ingest/exact-check';
import { FAMILIES } from '@/lib/metrics/registry';
import { historyRecord } from '@/lib/metrics/history';
import { batchSchema, describeIssues, type Container } from '@/lib/wire/contract';
import { makeBatch } from '../../support/samples';

const NOW = Date.UTC(2026, 0, 31, 14, 5);

function ctr(name: string, over: Partial<Container> = {}): Container {
  return {
    id: 'ab'.repeat(32), name, image: 'nginx:1.27', state: 'running', health: 'healthy', restarts: 1, startedAt: NOW - 60_000,
    cpuPct: 12.5, memUsed: 100_000_000, memLimit: 0, memCache: 5_000, blkReadBps: 10, blkWriteBps: 20, netRxBps: 30, netTxBps: 40, pids: 4, ...over,
  };
}

function withContainers(containers: unknown[]) {
  const b = makeBatch(NOW);
  return { ...b, samples: [{ ...b.samples[0]!, containers }] };
}

describe('containers on the wire', () => {
  it('accepts a sample with containers, and the fast path agrees with zod', () => {
    const body = withContainers([ctr('web'), ctr('db', { state: 'exited', health: 'none', cpuPct: 0 })]);
    expect(batchSchema.safeParse(body).success).toBe(true);
    expect(exactCheck(batchSchema)!(body)).toBe(true);
  });

  it('refuses a bad container naming the field', () => {
    const bad = (over: Record<string, unknown>) => describeIssues(batchSchema.safeParse(withContainers([{ ...ctr('web'), ...over }])).error!).map((i) => i.path);
    expect(bad({ state: 'zombie' })).toEqual(['samples.0.containers.0.state']);
    expect(bad({ cpuPct: 250 })).toEqual(['samples.0.containers.0.cpuPct']);
    expect(bad({ memUsed: -1 })).toEqual(['samples.0.containers.0.memUsed']);
    expect(bad({ name: '' })).toEqual(['samples.0.containers.0.name']);
    expect(bad({ restarts: 1.5 })).toEqual(['samples.0.containers.0.restarts']);
    expect(batchSchema.safeParse(withContainers(Array.from({ length: 257 }, (_, i) => ctr(`c${i}`)))).success).toBe(false);
  });

  it('gives series to running containers only, by name', () => {
    const b = withContainers([ctr('web'), ctr('db', { state: 'exited', cpuPct: 0 })]);
    const sample = batchSchema.parse(b).samples[0]!;
    expect(FAMILIES.containers.entities(sample).map((e) => e.key)).toEqual(['web']);
    const { names } = historyRecord(sample);
    expect(names.filter((n) => n.startsWith('ctr.'))).toEqual(['ctr.cpu:web', 'ctr.mem:web', 'ctr.pids:web', 'ctr.read:web', 'ctr.rx:web', 'ctr.tx:web', 'ctr.write:web']);
  });
});
