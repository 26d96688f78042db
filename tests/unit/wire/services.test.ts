import { describe, expect, it } from 'vitest';
import { exactCheck } from '@/lib/ingest/exact-check';
import { FAMILIES } from '@/lib/metrics/registry';
import { historyRecord } from '@/lib/metrics/history';
import { batchSchema, describeIssues, type Service } from '@/lib/wire/contract';
import { makeBatch } from '../../support/samples';

const NOW = Date.UTC(2026, 0, 31, 14, 5);

const svc = (name: string, over: Partial<Service> = {}): Service => ({ name, state: 'active', subState: 'running', restarts: 0, cpuPct: 3.5, memUsed: 50_000_000, ...over });

function withServices(services: unknown[]) {
  const b = makeBatch(NOW);
  return { ...b, samples: [{ ...b.samples[0]!, services }] };
}

describe('services on the wire', () => {
  it('accepts a sample with services, and the fast path agrees with zod', () => {
    const body = withServices([svc('nginx'), svc('backup', { state: 'failed', subState: 'failed', restarts: 4, cpuPct: 0, memUsed: 0 }), svc('getty@tty1')]);
    expect(batchSchema.safeParse(body).success).toBe(true);
    expect(exactCheck(batchSchema)!(body)).toBe(true);
  });

  it('refuses a bad service naming the field', () => {
    const bad = (over: Record<string, unknown>) => describeIssues(batchSchema.safeParse(withServices([{ ...svc('nginx'), ...over }])).error!).map((i) => i.path);
    expect(bad({ state: 'exploded' })).toEqual(['samples.0.services.0.state']);
    expect(bad({ cpuPct: 101 })).toEqual(['samples.0.services.0.cpuPct']);
    expect(bad({ memUsed: -5 })).toEqual(['samples.0.services.0.memUsed']);
    expect(bad({ name: '' })).toEqual(['samples.0.services.0.name']);
    expect(bad({ name: 'x'.repeat(256) })).toEqual(['samples.0.services.0.name']);
    expect(bad({ subState: 'y'.repeat(33) })).toEqual(['samples.0.services.0.subState']);
    expect(bad({ restarts: -1 })).toEqual(['samples.0.services.0.restarts']);
    expect(batchSchema.safeParse(withServices(Array.from({ length: 257 }, (_, i) => svc(`s${i}`)))).success).toBe(false);
  });

  it('gives series to running services only, by name', () => {
    const b = withServices([svc('nginx'), svc('backup', { state: 'failed', cpuPct: 0, memUsed: 0 }), svc('cron', { state: 'inactive' }), svc('reloader', { state: 'reloading' })]);
    const sample = batchSchema.parse(b).samples[0]!;
    expect(FAMILIES.services.entities(sample).map((e) => e.key)).toEqual(['nginx', 'reloader']);
    const { names } = historyRecord(sample);
    expect(names.filter((n) => n.startsWith('svc.'))).toEqual(['svc.cpu:nginx', 'svc.cpu:reloader', 'svc.mem:nginx', 'svc.mem:reloader']);
  });
});
