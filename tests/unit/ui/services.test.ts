import { describe, expect, it } from 'vitest';
import { filterServices, serviceTone, servicesSummary, sortServices } from '@/lib/ui/services';
import type { Service } from '@/lib/wire/contract';

const s = (name: string, over: Partial<Service> = {}): Service => ({ name, state: 'active', subState: 'running', restarts: 0, cpuPct: 1, memUsed: 1, ...over });

describe('services table', () => {
  const rows = [
    s('nginx', { cpuPct: 30, memUsed: 10 }),
    s('cron', { state: 'inactive', subState: 'dead', cpuPct: 0, memUsed: 0 }),
    s('backup', { state: 'failed', subState: 'failed', restarts: 5, cpuPct: 0, memUsed: 0 }),
    s('worker@10', { memUsed: 99 }),
    s('worker@2', { state: 'activating', subState: 'auto-restart', restarts: 2 }),
  ];

  it('puts failed first, then starting, inactive and running, names in natural order within each', () => {
    expect(sortServices(rows, 'status', false).map((r) => r.name)).toEqual(['backup', 'worker@2', 'cron', 'nginx', 'worker@10']);
    expect(sortServices(rows, 'status', true).map((r) => r.name)[0]).toBe('nginx');
    expect(sortServices(rows, 'name', false).map((r) => r.name)).toEqual(['backup', 'cron', 'nginx', 'worker@2', 'worker@10']);
  });

  it('sorts numbers largest first, and flips', () => {
    expect(sortServices(rows, 'cpu', false).map((r) => r.name)[0]).toBe('nginx');
    expect(sortServices(rows, 'mem', false).map((r) => r.name)[0]).toBe('worker@10');
    expect(sortServices(rows, 'restarts', false).map((r) => r.name).slice(0, 2)).toEqual(['backup', 'worker@2']);
    expect(sortServices(rows, 'restarts', true).map((r) => r.name).at(-1)).toBe('backup');
  });

  it('filters on name, state and sub-state, case-insensitively', () => {
    expect(filterServices(rows, 'WORKER').map((r) => r.name)).toEqual(['worker@10', 'worker@2']);
    expect(filterServices(rows, 'failed').map((r) => r.name)).toEqual(['backup']);
    expect(filterServices(rows, 'auto-restart').map((r) => r.name)).toEqual(['worker@2']);
    expect(filterServices(rows, '  ')).toHaveLength(5);
  });

  it('tones and summarises', () => {
    expect(rows.map(serviceTone)).toEqual(['ok', 'idle', 'bad', 'ok', 'warn']);
    expect(servicesSummary(rows)).toBe('5 services, 2 running, 1 failed');
    expect(servicesSummary([s('one')])).toBe('1 service, 1 running');
  });
});
